package dev.pds.core.store;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.rocksdb.AbstractEventListener;
import org.rocksdb.FlushJobInfo;
import org.rocksdb.FlushReason;
import org.rocksdb.RocksDB;

/**
 * Counts RocksDB's memtable flushes per column family, and those the memtable budget forced:
 * each flush writes a table file that compaction later rewrites, so a family flushed far more
 * often than its writes fill its memtable costs background CPU on every commit.
 */
final class FlushCounter extends AbstractEventListener {
    private final Map<String, LongAdder> byFamily = new ConcurrentHashMap<>();
    private final LongAdder overBudget = new LongAdder();

    FlushCounter() {
        super(EnabledEventCallback.ON_FLUSH_COMPLETED);
    }

    @Override
    public void onFlushCompleted(RocksDB db, FlushJobInfo info) {
        byFamily.computeIfAbsent(info.getColumnFamilyName(), f -> new LongAdder()).increment();
        if (info.getFlushReason() == FlushReason.WRITE_BUFFER_MANAGER) {
            overBudget.increment();
        }
    }

    MemtableFlushes snapshot() {
        Map<String, Long> counts = new TreeMap<>();
        byFamily.forEach((family, n) -> counts.put(family, n.sum()));
        return new MemtableFlushes(counts, overBudget.sum());
    }
}
