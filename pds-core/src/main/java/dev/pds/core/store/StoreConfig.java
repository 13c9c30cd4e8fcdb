package dev.pds.core.store;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits and sizes of one store.
 *
 * @param maxQueuedWrites writes waiting for the sequencer before submitters are refused
 * @param queueWait how long a submitter waits for room in a full queue before NotEnoughResources
 * @param maxGroupWrites most writes merged into one synced RocksDB write
 * @param blockCacheBytes RocksDB block cache shared by all column families
 * @param syncWrites false only for benchmarks that want to see the cost of the sync itself
 * @param nodeCacheSize decoded MST nodes kept in memory, shared by all repos
 * @param memtableBytes RocksDB write buffer of the blocks column family, the others get a share of
 *                      it ({@link ColumnFamily#memtableShare}): a memtable this full is flushed
 * @param memtableBudgetBytes all column families' memtables together (a RocksDB WriteBufferManager):
 *                            a safety net above the sum of the families' buffers; past it RocksDB
 *                            flushes the family with the oldest memtable, one at a time
 */
public record StoreConfig(int maxQueuedWrites, Duration queueWait, int maxGroupWrites, long blockCacheBytes, boolean syncWrites,
                          int nodeCacheSize, long memtableBytes, long memtableBudgetBytes) {
    /** Default RocksDB block cache: the hot part of a small PDS's blocks and records. */
    public static final long DEFAULT_BLOCK_CACHE_BYTES = 32L << 20;
    /** Default write buffer of the blocks column family. */
    public static final long DEFAULT_MEMTABLE_BYTES = 8L << 20;
    /** Default budget of all memtables together: a little above the families' buffers added up (27 MB). */
    public static final long DEFAULT_MEMTABLE_BUDGET_BYTES = 28L << 20;
    /** RocksDB's floor for a write buffer. */
    public static final long MIN_MEMTABLE_BYTES = 64L << 10;

    public StoreConfig {
        Objects.requireNonNull(queueWait, "queueWait");
        if (maxQueuedWrites < 1 || maxGroupWrites < 1 || blockCacheBytes < 0 || nodeCacheSize < 0 || queueWait.isNegative()) {
            throw new IllegalArgumentException("store limits must be positive");
        }
        if (memtableBytes < MIN_MEMTABLE_BYTES || memtableBudgetBytes < MIN_MEMTABLE_BYTES) {
            throw new IllegalArgumentException("memtableBytes and memtableBudgetBytes must be at least " + MIN_MEMTABLE_BYTES
                    + "; got " + memtableBytes + " and " + memtableBudgetBytes);
        }
    }

    /**
     * The write buffer of {@code family}: its share of {@link #memtableBytes}, all of them scaled
     * down together when their sum would pass the budget, so that full memtables, not the
     * budget, start the flushes (past the budget RocksDB flushes the oldest memtable, most often
     * a small family's: docs/STORAGE.md).
     */
    public long writeBufferBytes(ColumnFamily family) {
        double sum = 0;
        for (ColumnFamily f : ColumnFamily.values()) {
            sum += Math.max(MIN_MEMTABLE_BYTES, memtableBytes / f.memtableShare());
        }
        // the unused default family keeps RocksDB's smallest buffer
        double scale = Math.min(1.0, (memtableBudgetBytes - MIN_MEMTABLE_BYTES) / sum);
        return Math.max(MIN_MEMTABLE_BYTES, (long) (memtableBytes / family.memtableShare() * scale));
    }

    public static StoreConfig defaults() {
        return new StoreConfig(4096, Duration.ofSeconds(2), 512, DEFAULT_BLOCK_CACHE_BYTES, true, 100_000,
                DEFAULT_MEMTABLE_BYTES, DEFAULT_MEMTABLE_BUDGET_BYTES);
    }

    public StoreConfig withSyncWrites(boolean sync) {
        return new StoreConfig(maxQueuedWrites, queueWait, maxGroupWrites, blockCacheBytes, sync, nodeCacheSize,
                memtableBytes, memtableBudgetBytes);
    }

    public StoreConfig withQueue(int maxQueued, Duration wait) {
        return new StoreConfig(maxQueued, wait, maxGroupWrites, blockCacheBytes, syncWrites, nodeCacheSize,
                memtableBytes, memtableBudgetBytes);
    }

    /** This configuration with another number of decoded MST nodes cached. */
    public StoreConfig withNodeCacheSize(int nodes) {
        return new StoreConfig(maxQueuedWrites, queueWait, maxGroupWrites, blockCacheBytes, syncWrites, nodes,
                memtableBytes, memtableBudgetBytes);
    }

    /** This configuration with other RocksDB memory limits (block cache, one memtable, all memtables). */
    public StoreConfig withMemory(long blockCache, long memtable, long memtableBudget) {
        return new StoreConfig(maxQueuedWrites, queueWait, maxGroupWrites, blockCache, syncWrites, nodeCacheSize,
                memtable, memtableBudget);
    }
}
