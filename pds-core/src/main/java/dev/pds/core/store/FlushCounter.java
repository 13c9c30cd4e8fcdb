package dev.pds.core.store;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.rocksdb.AbstractEventListener;
import org.rocksdb.TableFileCreationInfo;
import org.rocksdb.TableFileCreationReason;

/**
 * Counts RocksDB's memtable flushes per column family, by the table files they write: each
 * flush writes one that compaction later rewrites, so a family flushed far more often than its
 * writes fill its memtable costs background CPU on every commit. (Not by {@code onFlushCompleted}:
 * RocksJava 9.8 cannot describe a flush forced by the WAL size, {@code max_total_wal_size}, and
 * throws on the callback's thread.)
 */
final class FlushCounter extends AbstractEventListener {
    private final Map<String, LongAdder> byFamily = new ConcurrentHashMap<>();

    FlushCounter() {
        super(EnabledEventCallback.ON_TABLE_FILE_CREATED);
    }

    @Override
    public void onTableFileCreated(TableFileCreationInfo info) {
        if (info.getReason() == TableFileCreationReason.FLUSH) {
            byFamily.computeIfAbsent(info.getColumnFamilyName(), f -> new LongAdder()).increment();
        }
    }

    MemtableFlushes snapshot() {
        Map<String, Long> counts = new TreeMap<>();
        byFamily.forEach((family, n) -> counts.put(family, n.sum()));
        return new MemtableFlushes(counts);
    }
}
