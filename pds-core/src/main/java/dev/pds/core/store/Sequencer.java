package dev.pds.core.store;

import dev.pds.core.error.ErrorStatus;
import dev.pds.core.error.XrpcException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * Writes to the database, one group at a time: the leader takes the writes queued at that
 * moment, in order, gives each of their events the next sequence numbers, and commits them all
 * as one RocksDB write with the WAL synced (group commit): one sync pays for the whole group.
 * Each caller's future completes only after that sync. The last sequence number and the repo id
 * counter go into the same write, so both survive restarts and are never reused.
 *
 * <p>One leader at a time. The sequencer's own thread leads for writes submitted with
 * {@link #submit}. A caller that will wait for its write anyway may {@link #enqueue} it and
 * then {@link #help}: when no group is being written it leads that one group itself, on its
 * own thread, sparing the two thread wake-ups (to the sequencer and back) that dominate a lone
 * writer's latency; when a group is being written, that leader's release wakes the sequencer
 * thread for what is left.
 */
final class Sequencer implements AutoCloseable {
    /** One write waiting for its turn. */
    static final class Pending {
        final BatchOps ops;
        final List<EventSource> events;
        final Runnable afterWrite;
        final CompletableFuture<long[]> done = new CompletableFuture<>();

        Pending(BatchOps ops, List<EventSource> events, Runnable afterWrite) {
            this.ops = ops;
            this.events = List.copyOf(events);
            this.afterWrite = afterWrite;
        }
    }

    /** Stop adding writes to a group once its changes (events not counted) pass this size. */
    static final long MAX_GROUP_BYTES = 32L << 20;
    /** How long the sequencer thread sleeps without a wake-up; only a safety net. */
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final StoreDb db;
    private final StoreConfig config;
    private final BlockingQueue<Pending> queue;
    private final AtomicInteger nextRepoId;
    private final Thread thread;
    /** Held by the one thread writing a group; the fields below it are touched by that thread only. */
    private final AtomicBoolean leading = new AtomicBoolean();
    private volatile long durableSeq;
    private volatile Throwable failure;
    private volatile boolean closing;
    /** Submitters share it, close takes it alone: nothing is queued after the thread stopped. */
    private final ReentrantReadWriteLock closeLock = new ReentrantReadWriteLock();
    private volatile DurableListener listener = events -> { };
    private long lastSeq;
    // written by the leader only, read by anyone
    private volatile long groups;
    private volatile long writes;
    private volatile long writeNanos;
    private volatile long changes;
    private volatile long changesWritten;

    Sequencer(StoreDb db, StoreConfig config) {
        this.db = db;
        this.config = config;
        this.queue = new ArrayBlockingQueue<>(config.maxQueuedWrites());
        byte[] seq = db.get(ColumnFamily.META, Keys.META_LAST_SEQ);
        lastSeq = seq == null ? 0 : Keys.getLong(seq, 0);
        durableSeq = lastSeq;
        byte[] next = db.get(ColumnFamily.META, Keys.META_NEXT_REPO_ID);
        nextRepoId = new AtomicInteger(next == null ? 1 : Keys.getInt(next, 0));
        thread = new Thread(this::run, "pds-store-sequencer");
        thread.setDaemon(true);
        thread.start();
    }

    /** The highest sequence number whose write is durable; events above it may not be read yet. */
    long durableSeq() {
        return durableSeq;
    }

    StoreStats stats() {
        return new StoreStats(groups, writes, writeNanos, changes, changesWritten);
    }

    void setListener(DurableListener listener) {
        this.listener = listener;
    }

    int allocateRepoId() {
        int id = nextRepoId.getAndIncrement();
        if (id == -1 || id == 0) {
            throw new StoreException("repo ids exhausted");
        }
        return id;
    }

    /**
     * Queues a write for the sequencer thread. Waits up to the configured time for room, then
     * refuses with NotEnoughResources (503) so that an overloaded server sheds load instead of
     * growing.
     */
    Pending submit(BatchOps ops, List<EventSource> events, Runnable afterWrite) {
        Pending p = enqueue(ops, events, afterWrite);
        LockSupport.unpark(thread);
        return p;
    }

    /**
     * Queues a write as {@link #submit} does, without waking the sequencer thread: the caller
     * must call {@link #help} next (it may hold locks in between, not block).
     */
    Pending enqueue(BatchOps ops, List<EventSource> events, Runnable afterWrite) {
        Pending p = new Pending(ops, events, afterWrite);
        boolean queued;
        closeLock.readLock().lock();
        try {
            checkOpen();
            queued = queue.offer(p, config.queueWait().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the write queue", e);
        } finally {
            closeLock.readLock().unlock();
        }
        if (!queued) {
            throw new XrpcException(ErrorStatus.NOT_ENOUGH_RESOURCES, "NotEnoughResources",
                    "the write queue is full (" + config.maxQueuedWrites() + " writes); try again shortly");
        }
        return p;
    }

    /** Why writes are refused, or null while they are taken. */
    String refusal() {
        Throwable f = failure;
        if (f != null) {
            return "a durable write failed, so writes are refused until a restart: " + f;
        }
        return closing ? "the store is closed" : null;
    }

    private void checkOpen() {
        Throwable f = failure;
        if (f != null) {
            throw new StoreException("store refuses writes after a failed write: " + f.getMessage(), f);
        }
        if (closing) {
            throw new StoreException("store is closed");
        }
    }

    /**
     * Writes the next group on the calling thread if no one else is writing one; otherwise the
     * current leader wakes the sequencer thread for the queued writes when it is done. Either
     * way every write queued before this call gets written.
     */
    void help() {
        if (leading.compareAndSet(false, true)) {
            try {
                writeNextGroup();
            } finally {
                leading.set(false);
                // a write queued while this thread led (or left out of a full group) is the sequencer's
                if (!queue.isEmpty()) {
                    LockSupport.unpark(thread);
                }
            }
        }
    }

    private void run() {
        while (true) {
            while (!queue.isEmpty() && leading.compareAndSet(false, true)) {
                try {
                    writeNextGroup();
                } finally {
                    leading.set(false);
                }
            }
            if (closing && leading.compareAndSet(false, true)) {
                if (queue.isEmpty()) {
                    // leadership is kept: nothing may be written once closed
                    return;
                }
                leading.set(false);
                continue;
            }
            // a failed leadership attempt needs no retry here: the leader's release unparks this thread
            LockSupport.parkNanos(this, IDLE_PARK_NANOS);
            Thread.interrupted();
        }
    }

    /** Takes what is queued (bounded by count and size) and writes it as one group; call as leader. */
    private void writeNextGroup() {
        Pending first = queue.poll();
        if (first == null) {
            return;
        }
        List<Pending> group = new ArrayList<>();
        group.add(first);
        long bytes = first.ops.bytes();
        // bounded by count and by size, so one native batch never grows without limit
        while (group.size() < config.maxGroupWrites() && bytes < MAX_GROUP_BYTES) {
            Pending next = queue.poll();
            if (next == null) {
                break;
            }
            group.add(next);
            bytes += next.ops.bytes();
        }
        if (failure != null) {
            group.forEach(p -> p.done.completeExceptionally(new StoreException("store refuses writes after a failed write", failure)));
            return;
        }
        writeGroup(group);
    }

    private void writeGroup(List<Pending> group) {
        long seq = lastSeq;
        long[][] seqs = new long[group.size()][];
        List<StoredEvent> logged = new ArrayList<>();
        try (WriteBatch batch = new WriteBatch()) {
            GroupChanges merged = new GroupChanges(db, batch);
            for (int i = 0; i < group.size(); i++) {
                Pending p = group.get(i);
                merged.add(p.ops);
                seqs[i] = new long[p.events.size()];
                for (int e = 0; e < p.events.size(); e++) {
                    seq++;
                    seqs[i][e] = seq;
                    byte[] frame = p.events.get(e).frame(seq);
                    batch.put(db.handle(ColumnFamily.EVENTS), Keys.event(seq), frame);
                    logged.add(new StoredEvent(seq, frame));
                }
            }
            merged.flush();
            batch.put(db.handle(ColumnFamily.META), Keys.META_LAST_SEQ, Keys.longValue(seq));
            batch.put(db.handle(ColumnFamily.META), Keys.META_NEXT_REPO_ID, Keys.intValue(nextRepoId.get()));
            long t0 = System.nanoTime();
            db.write(batch);
            writeNanos += System.nanoTime() - t0;
            groups++;
            writes += group.size();
            changes += merged.received();
            changesWritten += merged.written();
        } catch (RocksDBException | RuntimeException | Error e) {
            // later writes in the queue may build on these, so none of them may land now
            failure = e;
            StoreException err = new StoreException("durable write failed: " + e.getMessage(), e);
            group.forEach(p -> p.done.completeExceptionally(err));
            return;
        }
        lastSeq = seq;
        durableSeq = seq;
        for (int i = 0; i < group.size(); i++) {
            Pending p = group.get(i);
            try {
                p.afterWrite.run();
            } finally {
                p.done.complete(seqs[i]);
            }
        }
        if (!logged.isEmpty()) {
            try {
                listener.durable(Collections.unmodifiableList(logged));
            } catch (RuntimeException e) {
                // a listener's bug must not stop durable writes
            }
        }
    }

    /** Stops taking writes, finishes the queued ones, and stops the thread. */
    @Override
    public void close() {
        closeLock.writeLock().lock();
        try {
            closing = true;
        } finally {
            closeLock.writeLock().unlock();
        }
        LockSupport.unpark(thread);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
