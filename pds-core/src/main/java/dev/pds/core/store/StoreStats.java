package dev.pds.core.store;

/**
 * Counters of the write path since the store opened: how many group writes, how many writes
 * they held, the time spent in RocksDB writing them (WAL append and sync included), and how
 * many key changes the writes made against how many went into the batches after merging the
 * changes of one key within a group ({@link GroupChanges}).
 */
public record StoreStats(long groups, long writes, long writeNanos, long changes, long changesWritten) {
    public StoreStats(long groups, long writes, long writeNanos) {
        this(groups, writes, writeNanos, 0, 0);
    }

    /** Writes per synced group write: how much one sync is shared. */
    public double writesPerGroup() {
        return groups == 0 ? 0 : (double) writes / groups;
    }

    /** Mean time of one group write in microseconds. */
    public double microsPerGroup() {
        return groups == 0 ? 0 : writeNanos / 1000.0 / groups;
    }
}
