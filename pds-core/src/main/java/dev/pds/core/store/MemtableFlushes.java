package dev.pds.core.store;

import java.util.Map;

/**
 * Memtable flushes since the store opened.
 *
 * @param byFamily flushes that wrote a table file, per column family name (families never flushed are absent)
 */
public record MemtableFlushes(Map<String, Long> byFamily) {
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
