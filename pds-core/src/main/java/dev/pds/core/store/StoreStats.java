package dev.pds.core.store;

/**
 * Counters of the write path since the store opened: how many group writes, how many writes
 * they held, and the time spent in RocksDB writing them (WAL append and sync included).
 */
public record StoreStats(long groups, long writes, long writeNanos) {
    /** Writes per synced group write: how much one sync is shared. */
    public double writesPerGroup() {
        return groups == 0 ? 0 : (double) writes / groups;
    }

    /** Mean time of one group write in microseconds. */
    public double microsPerGroup() {
        return groups == 0 ? 0 : writeNanos / 1000.0 / groups;
    }
}
