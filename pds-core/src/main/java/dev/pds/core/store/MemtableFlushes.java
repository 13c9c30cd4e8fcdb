package dev.pds.core.store;

import java.util.Map;

/**
 * Memtable flushes since the store opened.
 *
 * @param byFamily   completed flushes per column family name (families never flushed are absent)
 * @param overBudget how many of them the memtable budget forced rather than a full memtable
 */
public record MemtableFlushes(Map<String, Long> byFamily, long overBudget) {
    public MemtableFlushes {
        byFamily = Map.copyOf(byFamily);
    }

    /** Flushes of the family named {@code family}. */
    public long of(String family) {
        return byFamily.getOrDefault(family, 0L);
    }

    /** Flushes of all families together. */
    public long total() {
        return byFamily.values().stream().mapToLong(Long::longValue).sum();
    }
}
