package dev.pds.core.store;

/**
 * The RocksDB memory limits of an open store, as RocksDB holds them, and what it uses now.
 * Memtables are charged to the block cache, so {@code cacheCapacity} bounds both together.
 *
 * @param cacheCapacity   block cache capacity: blocks plus the memtable budget
 * @param memtableBytes   write buffer of the largest column family (blocks)
 * @param memtableBudget  all memtables together
 * @param cacheUsage      bytes now held by the cache, memtable reservations included
 * @param memtables       bytes now held by all memtables (mutable and awaiting flush)
 * @param tableReaders    bytes held by open SST files outside the cache
 */
public record StoreMemory(long cacheCapacity, long memtableBytes, long memtableBudget, long cacheUsage, long memtables,
                          long tableReaders) {
}
