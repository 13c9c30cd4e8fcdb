package dev.pds.core.store;

import java.util.Arrays;
import java.util.LinkedHashMap;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The changes of one group of writes, merged on their way into the group's native batch: for
 * each key only its last change is written. The batch is atomic, so nothing between the
 * first and the last change of a key could ever be seen, and the end state is the same. It
 * pays when one repo has several commits in a group: the MST nodes and the commit block one
 * commit writes are deleted again by the next, and the repo's head is rewritten each time,
 * so the memtable and the WAL take one entry per key instead of a put and a delete.
 * A range delete is kept in its place: the changes before it are written first.
 */
final class GroupChanges {
    private final StoreDb db;
    private final WriteBatch batch;
    private final LinkedHashMap<Key, BatchOps.Op> latest = new LinkedHashMap<>();
    private long received;
    private long written;

    GroupChanges(StoreDb db, WriteBatch batch) {
        this.db = db;
        this.batch = batch;
    }

    /** A key of one column family, compared by content. */
    private record Key(ColumnFamily cf, byte[] key, int hash) {
        static Key of(ColumnFamily cf, byte[] key) {
            return new Key(cf, key, 31 * cf.ordinal() + Arrays.hashCode(key));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && hash == k.hash && cf == k.cf && Arrays.equals(key, k.key);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    void add(BatchOps ops) throws RocksDBException {
        for (BatchOps.Op op : ops.ops()) {
            received++;
            if (op.kind() == BatchOps.Kind.DELETE_RANGE) {
                flush();
                write(op);
            } else {
                latest.put(Key.of(op.cf(), op.key()), op);
            }
        }
    }

    /** Writes what is left into the batch; call once, after the last {@link #add}. */
    void flush() throws RocksDBException {
        for (BatchOps.Op op : latest.values()) {
            write(op);
        }
        latest.clear();
    }

    private void write(BatchOps.Op op) throws RocksDBException {
        written++;
        op.applyTo(batch, db);
    }

    /** Changes added so far. */
    long received() {
        return received;
    }

    /** Changes written into the batch so far. */
    long written() {
        return written;
    }
}
