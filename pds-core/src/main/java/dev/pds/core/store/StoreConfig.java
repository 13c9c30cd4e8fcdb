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
 */
public record StoreConfig(int maxQueuedWrites, Duration queueWait, int maxGroupWrites, long blockCacheBytes, boolean syncWrites,
                          int nodeCacheSize) {
    public StoreConfig {
        Objects.requireNonNull(queueWait, "queueWait");
        if (maxQueuedWrites < 1 || maxGroupWrites < 1 || blockCacheBytes < 0 || nodeCacheSize < 0 || queueWait.isNegative()) {
            throw new IllegalArgumentException("store limits must be positive");
        }
    }

    public static StoreConfig defaults() {
        return new StoreConfig(4096, Duration.ofSeconds(2), 512, 64L << 20, true, 100_000);
    }

    public StoreConfig withSyncWrites(boolean sync) {
        return new StoreConfig(maxQueuedWrites, queueWait, maxGroupWrites, blockCacheBytes, sync, nodeCacheSize);
    }

    public StoreConfig withQueue(int maxQueued, Duration wait) {
        return new StoreConfig(maxQueued, wait, maxGroupWrites, blockCacheBytes, syncWrites, nodeCacheSize);
    }
}
