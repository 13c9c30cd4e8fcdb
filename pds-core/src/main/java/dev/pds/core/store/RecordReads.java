package dev.pds.core.store;

import dev.pds.core.data.Cid;
import dev.pds.core.error.XrpcException;
import dev.pds.core.syntax.Did;
import dev.pds.core.syntax.Nsid;
import dev.pds.core.syntax.RecordKey;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.rocksdb.ReadOptions;
import org.rocksdb.Snapshot;

/**
 * Reads of a store's records through the record index: one record, a page of a collection
 * (with or without the record blocks), the blocks of chosen records, a repo's collections.
 * Each answer is durable state; a read that spans the index and the blocks is made consistent
 * by {@link #atOneMoment}.
 */
public final class RecordReads {
    private final StoreDb db;
    private final StoreReader reader;

    RecordReads(StoreDb db, StoreReader reader) {
        this.db = db;
        this.reader = reader;
    }

    /** The record at {@code collection/rkey}, straight from the record index. */
    public Optional<StoredRecord> getRecord(Did did, Nsid collection, RecordKey rkey) {
        return atOneMoment(r -> {
            RepoHead head = r.head(did);
            if (head == null) {
                return Optional.empty();
            }
            return Optional.ofNullable(r.record(head.repoId(), collection.toString(), rkey.toString()));
        });
    }

    /** As {@link #getRecord}, with the rev of the commit that wrote the record's value. */
    public Optional<RevisedRecord> getRevisedRecord(Did did, Nsid collection, RecordKey rkey) {
        return atOneMoment(r -> {
            RepoHead head = r.head(did);
            return head == null ? Optional.empty()
                    : Optional.ofNullable(r.revisedRecord(head.repoId(), collection.toString(), rkey.toString()));
        });
    }

    /**
     * The records of a collection written after the commit {@code since} (a rev), newest rkey
     * first, at most {@code limit} (1..{@value RepoStore#MAX_PAGE}): read back from the
     * collection's end until a record written at or before {@code since}. That finds them all
     * where rkeys follow writing order, as TID keys do (the official app's posts); a record with
     * an older rkey written later is not seen. Empty for a repo not here.
     */
    public RecordsSince recordsSince(Did did, Nsid collection, String since, int limit) {
        RepoStore.checkLimit(limit);
        Objects.requireNonNull(since, "since");
        return atOneMoment(r -> {
            RepoHead head = r.head(did);
            return head == null ? new RecordsSince(List.of(), false)
                    : r.recordsSince(head.repoId(), collection.toString(), since, limit);
        });
    }

    /**
     * Runs a read of an index and then the blocks it names. Without a snapshot a commit can
     * remove a block between the two reads; then the read runs again at one snapshot, which
     * costs a snapshot only in that rare case. A block missing at the snapshot is damage.
     */
    private <T> T atOneMoment(Function<StoreReader, T> read) {
        try {
            return read.apply(reader);
        } catch (MissingBlockException raced) {
            Snapshot snap = db.raw().getSnapshot();
            try (ReadOptions options = new ReadOptions().setSnapshot(snap)) {
                return read.apply(new StoreReader(db, options));
            } catch (MissingBlockException damaged) {
                throw new StoreException(damaged.getMessage(), damaged);
            } finally {
                db.raw().releaseSnapshot(snap);
            }
        }
    }

    /**
     * Up to {@code limit} (1..{@value RepoStore#MAX_PAGE}) records of a collection after the rkey
     * {@code cursor} (exclusive; null to start at an end), ascending by rkey, or descending.
     * RepoNotFound when there is no such repo.
     */
    public RecordPage listRecords(Did did, Nsid collection, int limit, String cursor, boolean descending) {
        RepoStore.checkLimit(limit);
        if (cursor != null && !RecordKey.isValid(cursor)) {
            throw XrpcException.invalidRequest("cursor is not a record key");
        }
        return atOneMoment(r -> {
            RepoHead head = r.head(did);
            if (head == null) {
                throw XrpcException.badRequest("RepoNotFound", "could not find repo: " + did);
            }
            return r.records(head.repoId(), collection.toString(), limit, cursor, descending);
        });
    }

    /**
     * As {@link #listRecords}, from the record index alone: each record's key and CID. With
     * {@link #recordBlocks} for the records it does not already hold, a caller keeping what it
     * needs of records by CID (content addressed, so never stale) skips most block reads.
     */
    public RecordRefPage listRecordRefs(Did did, Nsid collection, int limit, String cursor, boolean descending) {
        RepoStore.checkLimit(limit);
        if (cursor != null && !RecordKey.isValid(cursor)) {
            throw XrpcException.invalidRequest("cursor is not a record key");
        }
        RepoHead head = reader.head(Objects.requireNonNull(did, "did"));
        if (head == null) {
            throw XrpcException.badRequest("RepoNotFound", "could not find repo: " + did);
        }
        return reader.recordRefs(head.repoId(), collection.toString(), limit, cursor, descending);
    }

    /**
     * The blocks of a repo's {@code cids}, in order; null where a block is not there (a record
     * deleted since its CID was read: read the page again with {@link #listRecords}).
     */
    public List<byte[]> recordBlocks(Did did, List<Cid> cids) {
        RepoHead head = reader.head(Objects.requireNonNull(did, "did"));
        if (head == null) {
            return Collections.nCopies(cids.size(), null);
        }
        return reader.blocks(head.repoId(), cids);
    }

    /**
     * The collections of a repo holding at least one record (at most {@code limit}), in NSID
     * byte order. RepoNotFound when there is no such repo.
     */
    public List<String> listCollections(Did did, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
        RepoHead head = reader.head(Objects.requireNonNull(did, "did"));
        if (head == null) {
            throw XrpcException.badRequest("RepoNotFound", "could not find repo: " + did);
        }
        return reader.collections(head.repoId(), limit);
    }
}
