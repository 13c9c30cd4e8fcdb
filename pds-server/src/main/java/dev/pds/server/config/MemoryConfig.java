package dev.pds.server.config;

import dev.pds.core.store.StoreConfig;

/**
 * The memory limits of the server process, each with a {@code PDS_*} name (ours).
 *
 * @param heapCeilingBytes    Java heap the process keeps its committed heap under: past it, a
 *                            collection returns the free part to the system
 *                            ({@code PDS_HEAP_CEILING_MB}, default 128; 0 leaves the heap to the JVM)
 * @param blockCacheBytes     RocksDB block cache ({@code PDS_BLOCK_CACHE_MB}, default 32)
 * @param memtableBytes       RocksDB write buffer of the blocks column family, the others get a share ({@code PDS_MEMTABLE_MB}, default 8)
 * @param memtableBudgetBytes all RocksDB memtables together ({@code PDS_MEMTABLE_BUDGET_MB}, default 28)
 * @param nettyDirectArenas   Netty pooled direct-memory arenas ({@code PDS_NETTY_ARENAS}, default 1);
 *                            takes effect only in {@code pds serve}, where it is set before Netty loads
 * @param memoryLogInterval   seconds between memory reports in the log ({@code PDS_MEMORY_LOG_SECONDS}, 0 = none)
 */
public record MemoryConfig(long heapCeilingBytes, long blockCacheBytes, long memtableBytes, long memtableBudgetBytes,
                           int nettyDirectArenas, int memoryLogInterval) {
    private static final long MB = 1L << 20;
    public static final long DEFAULT_HEAP_CEILING_BYTES = 128 * MB;
    public static final int DEFAULT_NETTY_DIRECT_ARENAS = 1;

    public MemoryConfig {
        if (heapCeilingBytes < 0 || blockCacheBytes < 0 || nettyDirectArenas < 0 || memoryLogInterval < 0) {
            throw new IllegalArgumentException("memory limits must not be negative");
        }
        if (memtableBytes < StoreConfig.MIN_MEMTABLE_BYTES || memtableBudgetBytes < StoreConfig.MIN_MEMTABLE_BYTES) {
            throw new IllegalArgumentException("memtables and their budget must be at least 64 kB");
        }
    }

    public static MemoryConfig defaults() {
        return new MemoryConfig(DEFAULT_HEAP_CEILING_BYTES, StoreConfig.DEFAULT_BLOCK_CACHE_BYTES,
                StoreConfig.DEFAULT_MEMTABLE_BYTES, StoreConfig.DEFAULT_MEMTABLE_BUDGET_BYTES, DEFAULT_NETTY_DIRECT_ARENAS, 0);
    }

    /**
     * The store's configuration with these RocksDB limits, and a cache of decoded MST nodes that
     * takes at most about an eighth of a heap of {@code maxHeapBytes}.
     */
    public StoreConfig storeConfig(StoreConfig base, long maxHeapBytes) {
        return base.withMemory(blockCacheBytes, memtableBytes, memtableBudgetBytes)
                .withNodeCacheSize(Math.min(base.nodeCacheSize(), nodeCacheNodes(maxHeapBytes)));
    }

    /**
     * Nodes for an eighth of the heap: a decoded node with its entries' keys and CIDs takes
     * 0.5-1 kB (about four entries), so the store's default of 100,000 needs a heap of 800 MB.
     */
    static int nodeCacheNodes(long maxHeapBytes) {
        long nodes = maxHeapBytes / 8 / BYTES_PER_CACHED_NODE;
        return (int) Math.max(MIN_CACHED_NODES, Math.min(Integer.MAX_VALUE, nodes));
    }

    static final long BYTES_PER_CACHED_NODE = 1024;
    static final int MIN_CACHED_NODES = 1024;

    static MemoryConfig from(EnvReader env) {
        MemoryConfig d = defaults();
        return new MemoryConfig(
                env.integer("PDS_HEAP_CEILING_MB", d.heapCeilingBytes() / MB, 0, 1 << 20) * MB,
                env.integer("PDS_BLOCK_CACHE_MB", d.blockCacheBytes() / MB, 1, 1 << 20) * MB,
                env.integer("PDS_MEMTABLE_MB", d.memtableBytes() / MB, 1, 4096) * MB,
                env.integer("PDS_MEMTABLE_BUDGET_MB", d.memtableBudgetBytes() / MB, 1, 65_536) * MB,
                (int) env.integer("PDS_NETTY_ARENAS", d.nettyDirectArenas(), 0, 64),
                (int) env.integer("PDS_MEMORY_LOG_SECONDS", 0, 0, 86_400));
    }
}
