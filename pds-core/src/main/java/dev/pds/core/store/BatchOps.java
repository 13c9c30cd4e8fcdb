package dev.pds.core.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The changes of one write, kept on the Java side until the sequencer copies the changes of
 * a whole group into one native {@link WriteBatch}: nothing native is held while a write
 * waits in the queue, and a write that is refused leaves nothing to free.
 */
final class BatchOps {
    enum Kind { PUT, DELETE, DELETE_RANGE }

    /** One change; for a range delete, {@code key} is the start and {@code value} the exclusive end. */
    record Op(Kind kind, ColumnFamily cf, byte[] key, byte[] value) {
        void applyTo(WriteBatch batch, StoreDb db) throws RocksDBException {
            switch (kind) {
                case PUT -> batch.put(db.handle(cf), key, value);
                case DELETE -> batch.delete(db.handle(cf), key);
                case DELETE_RANGE -> batch.deleteRange(db.handle(cf), key, value);
                default -> throw new IllegalStateException();
            }
        }
    }

    private final List<Op> ops = new ArrayList<>();
    private long bytes;

    void put(ColumnFamily cf, byte[] key, byte[] value) {
        add(new Op(Kind.PUT, cf, key, value));
    }

    void delete(ColumnFamily cf, byte[] key) {
        add(new Op(Kind.DELETE, cf, key, null));
    }

    /** Deletes every key in [from, to). */
    void deleteRange(ColumnFamily cf, byte[] from, byte[] to) {
        add(new Op(Kind.DELETE_RANGE, cf, from, to));
    }

    private void add(Op op) {
        ops.add(op);
        bytes += op.key.length + (op.value == null ? 0 : op.value.length);
    }

    int size() {
        return ops.size();
    }

    long bytes() {
        return bytes;
    }

    /** The changes in the order they were added. */
    List<Op> ops() {
        return Collections.unmodifiableList(ops);
    }

    void applyTo(WriteBatch batch, StoreDb db) throws RocksDBException {
        for (Op op : ops) {
            op.applyTo(batch, db);
        }
    }
}
