package dev.pds.server.config;

import dev.pds.core.events.EventRetention;
import java.time.Duration;
import java.util.Objects;

/**
 * The limits of the firehose ({@code com.atproto.sync.subscribeRepos}) and its event log.
 *
 * @param retention        events kept for reconnecting consumers: {@code PDS_REPO_BACKFILL_LIMIT_MS}
 *                         (default 72 h) and {@code PDS_FIREHOSE_MAX_EVENTS} (ours)
 * @param maxLagEvents     how far (in events) a live subscriber may fall behind the newest event before
 *                         it gets ConsumerTooSlow: {@code PDS_MAX_SUBSCRIPTION_BUFFER}; also the number
 *                         of recent frames kept in memory for all subscribers
 * @param recentFrameBytes most bytes of recent frames kept in memory ({@code PDS_FIREHOSE_RECENT_MB}, ours,
 *                         default 8, about 2,900 one-record commits); a live subscriber further behind
 *                         than they reach is too slow as well (the reference cuts one off at 500 events)
 * @param maxSubscribers   open subscriptions beyond which new ones are refused (503)
 * @param pingInterval     how often each subscriber is pinged ({@code PDS_FIREHOSE_PING_SECONDS}, ours, default 30);
 *                         three intervals without a word from it close it
 * @param pruneInterval    how often retention runs
 * @param crawlInterval    least time between two requestCrawl rounds after new activity
 * @param backfillPageEvents events read from the log at a time for a subscriber catching up
 *                         ({@code PDS_FIREHOSE_BACKFILL_PAGE_EVENTS}, ours, default 1000; also at most 4 MB)
 */
public record FirehoseConfig(EventRetention retention, int maxLagEvents, long recentFrameBytes, int maxSubscribers,
                             Duration pingInterval, Duration pruneInterval, Duration crawlInterval, int backfillPageEvents) {
    public static final int DEFAULT_MAX_LAG_EVENTS = 20_000;
    /** Resident memory counts: 64 MB of frames was a fifth of the whole server's budget, 16 MB still 7% of its peak. */
    public static final long DEFAULT_RECENT_FRAME_BYTES = 8L << 20;

    public FirehoseConfig {
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(pingInterval, "pingInterval");
        Objects.requireNonNull(pruneInterval, "pruneInterval");
        Objects.requireNonNull(crawlInterval, "crawlInterval");
        if (maxLagEvents < 1 || recentFrameBytes < 1 || maxSubscribers < 1 || backfillPageEvents < 1 || backfillPageEvents > 100_000) {
            throw new IllegalArgumentException("firehose limits must be positive");
        }
        if (!positive(pingInterval) || !positive(pruneInterval) || crawlInterval.isNegative()) {
            throw new IllegalArgumentException("firehose intervals must be positive");
        }
    }

    private static boolean positive(Duration d) {
        return !d.isNegative() && !d.isZero();
    }

    public static FirehoseConfig defaults() {
        return new FirehoseConfig(EventRetention.defaults(), DEFAULT_MAX_LAG_EVENTS, DEFAULT_RECENT_FRAME_BYTES, 10_000,
                Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(20), 1000);
    }

    static FirehoseConfig from(EnvReader env) {
        FirehoseConfig d = defaults();
        EventRetention retention = new EventRetention(
                Duration.ofMillis(env.integer("PDS_REPO_BACKFILL_LIMIT_MS", d.retention().maxAge().toMillis(), 1, Long.MAX_VALUE)),
                env.integer("PDS_FIREHOSE_MAX_EVENTS", d.retention().maxCount(), 1, Long.MAX_VALUE));
        int maxLag = (int) env.integer("PDS_MAX_SUBSCRIPTION_BUFFER", d.maxLagEvents(), 1, 1_000_000);
        Duration ping = Duration.ofSeconds(env.integer("PDS_FIREHOSE_PING_SECONDS", d.pingInterval().toSeconds(), 1, 3600));
        int page = (int) env.integer("PDS_FIREHOSE_BACKFILL_PAGE_EVENTS", d.backfillPageEvents(), 1, 100_000);
        long recent = env.integer("PDS_FIREHOSE_RECENT_MB", d.recentFrameBytes() >> 20, 1, 4096) << 20;
        return new FirehoseConfig(retention, maxLag, recent, d.maxSubscribers(), ping,
                d.pruneInterval(), d.crawlInterval(), page);
    }

    public FirehoseConfig withPingInterval(Duration d) {
        return new FirehoseConfig(retention, maxLagEvents, recentFrameBytes, maxSubscribers, d, pruneInterval, crawlInterval,
                backfillPageEvents);
    }

    public FirehoseConfig withMaxLagEvents(int n) {
        return new FirehoseConfig(retention, n, recentFrameBytes, maxSubscribers, pingInterval, pruneInterval, crawlInterval,
                backfillPageEvents);
    }
}
