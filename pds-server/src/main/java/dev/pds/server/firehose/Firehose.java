package dev.pds.server.firehose;

import dev.pds.core.events.EventPruner;
import dev.pds.core.events.FrameDecoder;
import dev.pds.core.store.RepoStore;
import dev.pds.core.store.StoredEvent;
import dev.pds.server.config.FirehoseConfig;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of {@code com.atproto.sync.subscribeRepos}. One thread follows the store's
 * durable log (woken by the store after each group write), puts each new frame once into the
 * shared {@link RecentFrames}, and wakes the subscribers; each subscriber then pulls at its own
 * pace on its own event loop, so no subscriber and no writer ever waits for another. Retention
 * runs on a timer, and relays are asked to crawl after new activity ({@link CrawlerNotifier}).
 */
public final class Firehose implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Firehose.class);
    /** With the 1 MB write buffer mark, a slow subscriber holds at most about three pages of this size. */
    static final long PAGE_BYTES = 1L << 20;
    private static final int FOLLOW_EVENTS = 1000;
    private static final long FOLLOW_BYTES = 16L << 20;
    static final Duration ERASE_WAIT = Duration.ofSeconds(5);
    /** Events handed over by the writer and not yet taken in; beyond, the follower reads the log. */
    private static final int HANDED_LIMIT = 50_000;

    private final RepoStore store;
    private final FirehoseConfig config;
    private final CrawlerNotifier crawlers;
    private final RecentFrames recent;
    private final Set<SubscriberConnection> subscribers = ConcurrentHashMap.newKeySet();
    private final ExecutorService readers;
    private final ScheduledExecutorService timer;
    private final Thread follower;
    private final EventPruner pruner;
    private final Clock clock;
    private final AtomicLong tooSlow = new AtomicLong();
    private final AtomicLong backfilled = new AtomicLong();
    private final Queue<List<StoredEvent>> handed = new ConcurrentLinkedQueue<>();
    private final AtomicInteger handedEvents = new AtomicInteger();
    private volatile boolean closed;

    private Firehose(RepoStore store, FirehoseConfig config, CrawlerNotifier crawlers, Clock clock) {
        this.store = store;
        this.config = config;
        this.crawlers = crawlers;
        this.clock = clock;
        this.recent = new RecentFrames(config.maxLagEvents(), config.recentFrameBytes(), store.log().lastSeq() + 1);
        this.readers = Executors.newFixedThreadPool(2, new DefaultThreadFactory("pds-firehose-reader", true));
        this.timer = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("pds-firehose-timer", true));
        this.pruner = new EventPruner(store, config.retention());
        this.follower = new Thread(this::follow, "pds-firehose-follower");
        this.follower.setDaemon(true);
    }

    /** Follows {@code store} from its current end; {@code crawlers} may be {@link CrawlerNotifier#NONE}. */
    public static Firehose start(RepoStore store, FirehoseConfig config, CrawlerNotifier crawlers, Clock clock) {
        Firehose f = new Firehose(Objects.requireNonNull(store, "store"), Objects.requireNonNull(config, "config"),
                Objects.requireNonNull(crawlers, "crawlers"), Objects.requireNonNull(clock, "clock"));
        store.log().onDurable(f::handOver);
        f.follower.start();
        long prune = config.pruneInterval().toMillis();
        f.timer.scheduleWithFixedDelay(f::prune, 0, prune, TimeUnit.MILLISECONDS);
        crawlers.start(f.timer);
        return f;
    }

    FirehoseConfig config() {
        return config;
    }

    RepoStore store() {
        return store;
    }

    RecentFrames recent() {
        return recent;
    }

    ExecutorService readers() {
        return readers;
    }

    /** Whether a new subscriber can be taken now (not shutting down, under the limit). */
    boolean accepting() {
        return !closed && subscribers.size() < config.maxSubscribers();
    }

    /** A new subscriber's handler, registered; null when none can be taken now. */
    SubscriberConnection subscribe(Long cursor) {
        if (!accepting()) {
            return null;
        }
        SubscriberConnection s = new SubscriberConnection(this, cursor);
        subscribers.add(s);
        return s;
    }

    void remove(SubscriberConnection s) {
        subscribers.remove(s);
    }

    public int subscriberCount() {
        return subscribers.size();
    }

    /** Subscribers closed with ConsumerTooSlow since start. */
    public long tooSlowCount() {
        return tooSlow.get();
    }

    /** Events sent from the log (not from memory) since start. */
    public long backfilledCount() {
        return backfilled.get();
    }

    void countTooSlow() {
        tooSlow.incrementAndGet();
    }

    void countBackfilled(int n) {
        backfilled.addAndGet(n);
    }

    /**
     * Takes a durable group's events from the writer, frames and all, so the follower need not
     * read them back from the log. Past {@link #HANDED_LIMIT} waiting events they are left to
     * the log, which the follower reads whenever what it was handed does not follow on.
     */
    private void handOver(List<StoredEvent> events) {
        if (handedEvents.get() < HANDED_LIMIT) {
            handedEvents.addAndGet(events.size());
            handed.add(events);
        }
        LockSupport.unpark(follower);
    }

    private void follow() {
        while (!closed) {
            List<StoredEvent> given = handed.poll();
            if (given != null) {
                handedEvents.addAndGet(-given.size());
                long first = given.get(0).seq();
                if (first > recent.head() + 1 && !readLog(first - 1)) {
                    continue;
                }
                for (StoredEvent e : given) {
                    append(e);
                }
            } else if (!readLog(store.log().lastSeq())) {
                continue;
            }
            wakeSubscribers();
            crawlers.notifyOfUpdate();
        }
    }

    /**
     * Reads the log into the recent frames until they hold {@code upTo} (or the log's end); false
     * when there was nothing to read (then it has waited a little) or the read failed.
     */
    private boolean readLog(long upTo) {
        boolean read = false;
        while (!closed && recent.head() < upTo) {
            long have = recent.head();
            List<StoredEvent> page;
            try {
                page = store.log().events(have, FOLLOW_EVENTS, FOLLOW_BYTES);
            } catch (RuntimeException e) {
                if (!closed) {
                    LOG.error("Firehose cannot read the event log after seq {}", have, e);
                    LockSupport.parkNanos(this, TimeUnit.SECONDS.toNanos(1));
                }
                return false;
            }
            if (page.isEmpty()) {
                break;
            }
            for (StoredEvent e : page) {
                append(e);
            }
            read = true;
        }
        if (!read && handed.isEmpty()) {
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(100));
        }
        return read;
    }

    /** Appends one event after the head: one already held is skipped, a gap is filled or skipped. */
    private void append(StoredEvent e) {
        long missing = e.seq() - recent.head() - 1;
        if (missing < 0) {
            return;
        }
        if (missing > 0 && missing < config.maxLagEvents() / 2) {
            // erased events (an account deleted for good): keep their numbers as holes
            for (long s = recent.head() + 1; s < e.seq(); s++) {
                recent.appendHole(s);
            }
        } else if (missing > 0) {
            // retention removed events the follower had not reached (a tiny count limit): skip them
            recent.restartAt(e.seq());
        }
        recent.append(e.seq(), e.frame());
    }

    private void wakeSubscribers() {
        long tail = recent.tail();
        long head = recent.head();
        for (SubscriberConnection s : subscribers) {
            long next = s.nextSeq();
            if (s.live() && next >= 0 && (next < tail || head - next >= config.maxLagEvents())) {
                s.tooSlow();
            } else {
                s.wake();
            }
        }
    }

    private void prune() {
        try {
            long dropped = pruner.prune(clock.instant());
            if (dropped > 0) {
                LOG.info("Event log retention dropped {} events", dropped);
            }
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.warn("Event log retention failed: {}", e.toString());
            }
        }
    }

    /**
     * Erases the events about {@code did} from the log and from the frames held in memory, all
     * but the {@code #account} event saying it was deleted, as the reference does for an account
     * deleted for good: whoever subscribes later never replays its data. Subscribers skip the
     * holes. The memory pass waits (at most {@link #ERASE_WAIT}) for the follower to reach what
     * the log held before the log pass, so no erased event can reach memory after it. Answers
     * how many events left the log.
     */
    public long eraseAccount(String did) {
        Objects.requireNonNull(did, "did");
        long end = store.log().lastSeq();
        long erased = store.log().erase(e -> FrameDecoder.erasedWithAccount(e.frame(), did));
        LockSupport.unpark(follower);
        long deadline = System.nanoTime() + ERASE_WAIT.toNanos();
        while (recent.head() < end && !closed && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        recent.erase(frame -> FrameDecoder.erasedWithAccount(frame, did));
        return erased;
    }

    /** Prunes now (tests, operators); returns how many sequence numbers were dropped. */
    public long pruneNow() {
        return pruner.prune(clock.instant());
    }

    /**
     * Stops following the log, tells every subscriber the server is going away, and waits
     * (briefly) for their connections to close. Call before closing the store.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        LockSupport.unpark(follower);
        try {
            follower.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SubscriberConnection s : subscribers) {
            s.goingAway();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (!subscribers.isEmpty() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        timer.shutdownNow();
        readers.shutdown();
        try {
            if (!readers.awaitTermination(2, TimeUnit.SECONDS)) {
                readers.shutdownNow();
            }
        } catch (InterruptedException e) {
            readers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
