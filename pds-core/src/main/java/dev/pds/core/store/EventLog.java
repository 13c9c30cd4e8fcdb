package dev.pds.core.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Predicate;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * The read and upkeep side of the event log that commits are written with: pages of durable
 * events, retention's pruning and its low-water mark, and the erasure of chosen events (an
 * account deleted for good). Sequence numbers only increase and are never reused: the counter
 * is kept apart from the events, so pruning and erasure leave gaps, never reuse.
 */
public final class EventLog {
    /** Deletes written per synced batch when erasing, so a long log is not held in one batch. */
    private static final int ERASE_BATCH = 1_000;

    private final StoreDb db;
    private final Sequencer sequencer;
    private final StoreReader reader;
    private volatile long retainedFrom;

    EventLog(StoreDb db, Sequencer sequencer, StoreReader reader) {
        this.db = db;
        this.sequencer = sequencer;
        this.reader = reader;
        this.retainedFrom = loadRetainedFrom();
    }

    /** Events with seq > {@code afterSeq}, oldest first, at most {@code limit}, all durable. */
    public List<StoredEvent> events(long afterSeq, int limit) {
        if (afterSeq < 0 || limit < 1 || limit > 100_000) {
            throw new IllegalArgumentException("afterSeq must be >= 0 and limit 1..100000");
        }
        return reader.events(afterSeq, sequencer.durableSeq(), limit);
    }

    /**
     * As {@link #events(long, int)}, stopping once the frames gathered reach {@code maxBytes}
     * (at least one event is returned when there is one), so a page of large frames stays small.
     */
    public List<StoredEvent> events(long afterSeq, int limit, long maxBytes) {
        if (afterSeq < 0 || limit < 1 || limit > 100_000 || maxBytes < 1) {
            throw new IllegalArgumentException("afterSeq must be >= 0, limit 1..100000 and maxBytes positive");
        }
        long upTo = sequencer.durableSeq();
        List<StoredEvent> out = new ArrayList<>(Math.min(limit, 1024));
        long bytes = 0;
        try (RocksIterator it = db.iterator(ColumnFamily.EVENTS, db.defaultRead())) {
            for (it.seek(Keys.event(afterSeq + 1)); it.isValid() && out.size() < limit && bytes < maxBytes; it.next()) {
                long seq = Keys.eventSeq(it.key());
                if (seq > upTo) {
                    break;
                }
                byte[] frame = it.value();
                bytes += frame.length;
                out.add(new StoredEvent(seq, frame));
            }
        }
        return out;
    }

    /** The lowest sequence number still in the log; empty when there is none. */
    public OptionalLong firstEventSeq() {
        try (RocksIterator it = db.iterator(ColumnFamily.EVENTS, db.defaultRead())) {
            it.seekToFirst();
            if (!it.isValid()) {
                return OptionalLong.empty();
            }
            long seq = Keys.eventSeq(it.key());
            return seq <= sequencer.durableSeq() ? OptionalLong.of(seq) : OptionalLong.empty();
        }
    }

    /** The highest durable sequence number (0 before the first event). */
    public long lastSeq() {
        return sequencer.durableSeq();
    }

    /** Called after each durable group with its seq range, on the sequencer thread: keep it quick. */
    public void onDurable(DurableListener listener) {
        sequencer.setListener(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Deletes the logged events with a sequence number below {@code seq} (retention), and
     * records {@code seq} as retention's low-water mark in the same write.
     */
    public void deleteEventsBefore(long seq) {
        if (seq < 1 || seq > sequencer.durableSeq() + 1) {
            throw new IllegalArgumentException("can delete events below 1.." + (sequencer.durableSeq() + 1) + ", not " + seq);
        }
        try (WriteBatch batch = new WriteBatch()) {
            batch.deleteRange(db.handle(ColumnFamily.EVENTS), Keys.event(0), Keys.event(seq));
            long from = Math.max(seq, retainedFrom);
            batch.put(db.handle(ColumnFamily.META), Keys.META_RETAINED_FROM, Keys.longValue(from));
            db.write(batch);
            retainedFrom = from;
        } catch (RocksDBException e) {
            throw new StoreException("deleting events below " + seq + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * The lowest sequence number retention has kept: a cursor below it has missed pruned events
     * (OutdatedCursor). Erased events leave holes and do not move it.
     */
    public long retainedFrom() {
        return retainedFrom;
    }

    /**
     * Deletes the durable events {@code doomed} picks (an account's, when it is deleted for
     * good), leaving holes in the sequence; answers how many went. Reads the whole log once, so
     * it is for rare operator actions, not for a request path.
     */
    public long erase(Predicate<StoredEvent> doomed) {
        Objects.requireNonNull(doomed, "doomed");
        long upTo = sequencer.durableSeq();
        long erased = 0;
        try (RocksIterator it = db.iterator(ColumnFamily.EVENTS, db.defaultRead());
             WriteBatch batch = new WriteBatch()) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] key = it.key();
                long seq = Keys.eventSeq(key);
                if (seq > upTo) {
                    break;
                }
                if (doomed.test(new StoredEvent(seq, it.value()))) {
                    batch.delete(db.handle(ColumnFamily.EVENTS), key);
                    erased++;
                    if (batch.count() >= ERASE_BATCH) {
                        db.write(batch);
                        batch.clear();
                    }
                }
            }
            if (batch.count() > 0) {
                db.write(batch);
            }
        } catch (RocksDBException e) {
            throw new StoreException("erasing events failed: " + e.getMessage(), e);
        }
        return erased;
    }

    /**
     * Retention's low-water mark, recorded on first open where it is missing (stores from before
     * it was kept, when no event had been erased yet, so the first logged event tells).
     */
    private long loadRetainedFrom() {
        byte[] v = db.get(ColumnFamily.META, Keys.META_RETAINED_FROM);
        if (v != null) {
            return Keys.getLong(v, 0);
        }
        OptionalLong first = firstEventSeq();
        long from = first.isPresent() ? first.getAsLong() : sequencer.durableSeq() + 1;
        try (WriteBatch batch = new WriteBatch()) {
            batch.put(db.handle(ColumnFamily.META), Keys.META_RETAINED_FROM, Keys.longValue(from));
            db.write(batch);
        } catch (RocksDBException e) {
            throw new StoreException("recording the event log's start failed: " + e.getMessage(), e);
        }
        return from;
    }
}
