package dev.pds.core.store;

import java.util.function.Predicate;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * Deletes chosen events from the log, leaving holes in the sequence (a reader sees numbers
 * that still only increase). For an account deleted for good, whose earlier events must not be
 * replayed to anyone who subscribes later. Reads the whole log once, so it is for rare
 * operator actions, not for a request path.
 */
final class EventErasure {
    /** Deletes written per synced batch, so a long log is not held in one batch. */
    private static final int BATCH = 1_000;

    private EventErasure() {
    }

    /** Deletes the events up to {@code upToSeq} that {@code doomed} picks; answers how many. */
    static long erase(StoreDb db, long upToSeq, Predicate<StoredEvent> doomed) {
        long erased = 0;
        try (RocksIterator it = db.iterator(ColumnFamily.EVENTS, db.defaultRead());
             WriteBatch batch = new WriteBatch()) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] key = it.key();
                if (Keys.eventSeq(key) > upToSeq) {
                    break;
                }
                if (doomed.test(new StoredEvent(Keys.eventSeq(key), it.value()))) {
                    batch.delete(db.handle(ColumnFamily.EVENTS), key);
                    erased++;
                    if (batch.count() >= BATCH) {
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
}
