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
    META("meta", false),
    /** DID -> repo head (repo id, commit CID, data root, rev). */
    REPOS("repos", true),
    /** (repo id, CID) -> block bytes: commits, MST nodes, records. */
    BLOCKS("blocks", true),
    /** (repo id, collection, rkey) -> record CID. */
    RECORDS("records", true),
    /** (repo id, record CID) -> number of records of that repo whose value is this block. */
    RECORD_REFS("record_refs", true),
    /** sequence number (8 bytes big-endian) -> event frame bytes. */
    EVENTS("events", false),
    /** {@link Table#ACCOUNTS}: accounts and their handle and email indexes (keys are the server's). */
    ACCOUNTS("accounts", true),
    /** {@link Table#AUTH}: refresh tokens, app passwords, invite codes (keys are the server's). */
    AUTH("auth", true),
    /** {@link Table#BLOBS}: blob metadata and which records reference which blobs. */
    BLOBS("blobs", false),
    /** {@link Table#OAUTH}: OAuth authorization server state. */
    OAUTH("oauth", true),
    /** {@link Table#PREFERENCES}: per-account private preferences. */
    PREFERENCES("preferences", true),
    /**
     * (repo id, CID) -> rev (ASCII) of the commit that added the block, kept beside
     * {@link #BLOCKS}: {@code getRepo} with {@code since} sends the blocks added after a rev,
     * as the reference PDS does.
     */
    BLOCK_REVS("block_revs", false);

    private final byte[] nameBytes;
    private final boolean pointLookups;

    ColumnFamily(String name, boolean pointLookups) {
        this.nameBytes = name.getBytes(StandardCharsets.US_ASCII);
        this.pointLookups = pointLookups;
    }

    byte[] nameBytes() {
        return nameBytes.clone();
    }

    /** Whether reads are mostly single keys, so a bloom filter pays for itself. */
    boolean pointLookups() {
        return pointLookups;
    }
}
