package dev.pds.core.store;

import java.nio.charset.StandardCharsets;

/**
 * The column families of the one RocksDB database, one per kind of data (docs/STORAGE.md has the
 * key layout of each). Adding a kind means adding a constant here and its key functions in
 * {@link Keys}: missing families are created when the store opens, and families are never
 * renamed, because their names are stored on disk.
 */
public enum ColumnFamily {
    /** Store-wide counters: the last sequence number, the next repo id. */
    META("meta", false, 8),
    /** DID -> repo head (repo id, commit CID, data root, rev). */
    REPOS("repos", true, 8),
    /** (repo id, CID) -> block bytes and the rev of the commit that added it ({@link BlockValue}). */
    BLOCKS("blocks", true, 1),
    /** (repo id, collection, rkey) -> record CID. */
    RECORDS("records", true, 8),
    /** (repo id, record CID) -> number of records of that repo whose value is this block. */
    RECORD_REFS("record_refs", true, 8),
    /** sequence number (8 bytes big-endian) -> event frame bytes. */
    EVENTS("events", false, 1),
    /** {@link Table#ACCOUNTS}: accounts and their handle and email indexes (keys are the server's). */
    ACCOUNTS("accounts", true, 8),
    /** {@link Table#AUTH}: refresh tokens, app passwords, invite codes (keys are the server's). */
    AUTH("auth", true, 8),
    /** {@link Table#BLOBS}: blob metadata and which records reference which blobs. */
    BLOBS("blobs", false, 8),
    /** {@link Table#OAUTH}: OAuth authorization server state. */
    OAUTH("oauth", true, 8),
    /** {@link Table#PREFERENCES}: per-account private preferences. */
    PREFERENCES("preferences", true, 8),
    /**
     * Empty since store format 2 ({@link StoreFormat}), which keeps each block's rev in its
     * {@link #BLOCKS} value; it held (repo id, CID) -> rev before. Still listed because RocksDB
     * opens a database only with every family it has on disk.
     */
    BLOCK_REVS("block_revs", false, 8),
    /**
     * Always empty. It exists so that versions from before {@link StoreFormat} 2, which do not
     * read the format, refuse to open a store this version has opened: RocksDB opens a database
     * only with every family it has on disk, and they do not know this one.
     */
    FORMAT_GUARD("format_guard", false, 8);

    private final byte[] nameBytes;
    private final boolean pointLookups;
    private final int memtableShare;

    ColumnFamily(String name, boolean pointLookups, int memtableShare) {
        this.nameBytes = name.getBytes(StandardCharsets.US_ASCII);
        this.pointLookups = pointLookups;
        this.memtableShare = memtableShare;
    }

    byte[] nameBytes() {
        return nameBytes.clone();
    }

    /**
     * The part of the store's write buffer size ({@link StoreConfig#memtableBytes}) this family's
     * memtable gets, as a divisor: blocks and events take most of each commit's bytes, the rest
     * a few dozen bytes a commit, so a small memtable of theirs still flushes rarely. Blocks and
     * events get the same size: every flush takes all families (atomic flush), and two buffers
     * that fill at about the same pace halve the flushes that one filling first would start.
     */
    int memtableShare() {
        return memtableShare;
    }

    /** Whether reads are mostly single keys, so a bloom filter pays for itself. */
    boolean pointLookups() {
        return pointLookups;
    }
}
