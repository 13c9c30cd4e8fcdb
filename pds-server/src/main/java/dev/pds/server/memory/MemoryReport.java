package dev.pds.server.memory;

import dev.pds.core.store.StoreMemory;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.buffer.PooledByteBufAllocator;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;

/**
 * Where the process's memory is, as the JVM, Netty and RocksDB count it: the Java heap, Netty's
 * pooled buffers (with the allocator's arena count and chunk size), RocksDB's cache, memtables
 * and table readers, and the thread count (each thread holds a stack and, in RocksDB or malloc,
 * an arena).
 */
public record MemoryReport(long heapUsed, long heapCommitted, long heapMax, long nettyDirect, long nettyHeap,
                           int nettyDirectArenas, int nettyChunkBytes, StoreMemory store, int threads) {

    /** The figures now, with {@code store} from the open store. */
    public static MemoryReport now(StoreMemory store) {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
        long direct = 0;
        long heapBufs = 0;
        if (alloc instanceof ByteBufAllocatorMetricProvider provider) {
            direct = provider.metric().usedDirectMemory();
            heapBufs = provider.metric().usedHeapMemory();
        }
        int arenas = 0;
        int chunk = 0;
        if (alloc instanceof PooledByteBufAllocator pooled) {
            arenas = pooled.metric().numDirectArenas();
            chunk = pooled.metric().chunkSize();
        }
        return new MemoryReport(heap.getUsed(), heap.getCommitted(), heap.getMax(), direct, heapBufs, arenas, chunk, store,
                ManagementFactory.getThreadMXBean().getThreadCount());
    }

    @Override
    public String toString() {
        return String.format("heap %d/%d MB (max %d), netty direct %d MB heap %d MB (%d arenas of %d kB chunks), "
                        + "rocksdb cache %d/%d MB memtables %d MB (budget %d, blocks %d) table readers %d MB, %d threads",
                mb(heapUsed), mb(heapCommitted), mb(heapMax), mb(nettyDirect), mb(nettyHeap), nettyDirectArenas,
                nettyChunkBytes >> 10, mb(store.cacheUsage()), mb(store.cacheCapacity()), mb(store.memtables()),
                mb(store.memtableBudget()), mb(store.memtableBytes()), mb(store.tableReaders()), threads);
    }

    private static long mb(long bytes) {
        return bytes >> 20;
    }
}
