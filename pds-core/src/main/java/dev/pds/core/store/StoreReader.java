package dev.pds.core.store;

import dev.pds.core.block.BlockSource;
import dev.pds.core.data.Cid;
import dev.pds.core.syntax.Did;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;

/**
 * Reads of durable state, optionally at one RocksDB snapshot ({@code read} non-null) so that
 * an export sees one commit throughout. Every read is a point lookup or a prefix scan.
 */
final class StoreReader {
    private final StoreDb db;
    private final ReadOptions read;

    StoreReader(StoreDb db, ReadOptions read) {
        this.db = db;
        this.read = read;
    }

    private byte[] get(ColumnFamily cf, byte[] key) {
        return read == null ? db.get(cf, key) : db.get(cf, read, key);
    }

    private RocksIterator iterator(ColumnFamily cf) {
        return db.iterator(cf, read != null ? read : db.defaultRead());
    }

    RepoHead head(Did did) {
        byte[] v = get(ColumnFamily.REPOS, Keys.repo(did));
        return v == null ? null : RepoHead.decode(did, v);
    }

    BlockSource blocks(int repoId) {
        return cid -> BlockValue.block(get(ColumnFamily.BLOCKS, Keys.block(repoId, cid)));
    }

    int refCount(int repoId, Cid cid) {
        byte[] v = get(ColumnFamily.RECORD_REFS, Keys.recordRef(repoId, cid));
        return v == null ? 0 : Keys.getInt(v, 0);
    }

    StoredRecord record(int repoId, String collection, String rkey) {
        byte[] cidBytes = get(ColumnFamily.RECORDS, Keys.record(repoId, collection, rkey));
        if (cidBytes == null) {
            return null;
        }
        Cid cid = Cid.fromBytes(cidBytes);
        byte[] bytes = BlockValue.block(get(ColumnFamily.BLOCKS, Keys.block(repoId, cid)));
        if (bytes == null) {
            throw new MissingBlockException("record " + collection + "/" + rkey + " names block " + cid + ", which is missing");
        }
        return new StoredRecord(collection, rkey, cid, bytes);
    }

    RevisedRecord revisedRecord(int repoId, String collection, String rkey) {
        byte[] cidBytes = get(ColumnFamily.RECORDS, Keys.record(repoId, collection, rkey));
        if (cidBytes == null) {
            return null;
        }
        Cid cid = Cid.fromBytes(cidBytes);
        byte[] value = get(ColumnFamily.BLOCKS, Keys.block(repoId, cid));
        if (value == null) {
            throw new MissingBlockException("record " + collection + "/" + rkey + " names block " + cid + ", which is missing");
        }
        return new RevisedRecord(new StoredRecord(collection, rkey, cid, BlockValue.block(value)), BlockValue.rev(value));
    }

    /**
     * Back from the end of a collection, the records written after {@code since}, until one
     * written at or before it or {@code limit} of them; one more is read to tell which.
     */
    RecordsSince recordsSince(int repoId, String collection, String since, int limit) {
        List<RevisedRecord> out = new ArrayList<>();
        String cursor = null;
        while (true) {
            RecordRefPage page = recordRefs(repoId, collection, limit + 1 - out.size(), cursor, true);
            List<byte[]> values = blockValues(repoId, page.cids());
            for (int i = 0; i < page.size(); i++) {
                byte[] value = values.get(i);
                if (value == null) {
                    throw new MissingBlockException("record " + collection + "/" + page.rkeys().get(i) + " names block "
                            + page.cids().get(i) + ", which is missing");
                }
                String rev = BlockValue.rev(value);
                if (rev.compareTo(since) <= 0) {
                    return new RecordsSince(out, true);
                }
                if (out.size() == limit) {
                    return new RecordsSince(out, false);
                }
                out.add(new RevisedRecord(new StoredRecord(collection, page.rkeys().get(i), page.cids().get(i),
                        BlockValue.block(value)), rev));
            }
            if (page.cursor() == null) {
                return new RecordsSince(out, false);
            }
            cursor = page.cursor();
        }
    }

    /**
     * Up to {@code limit} records of one collection after {@code cursor} (exclusive), in rkey
     * order ascending, or descending when {@code descending}: the index range first, then the
     * record blocks in one batched read (a native call per record costs more than the lookup).
     */
    RecordPage records(int repoId, String collection, int limit, String cursor, boolean descending) {
        RecordRefPage refs = recordRefs(repoId, collection, limit, cursor, descending);
        List<byte[]> blocks = blocks(repoId, refs.cids());
        List<StoredRecord> out = new ArrayList<>(refs.size());
        for (int i = 0; i < refs.size(); i++) {
            byte[] bytes = blocks.get(i);
            if (bytes == null) {
                throw new MissingBlockException("record " + collection + "/" + refs.rkeys().get(i) + " names block "
                        + refs.cids().get(i) + ", which is missing");
            }
            out.add(new StoredRecord(collection, refs.rkeys().get(i), refs.cids().get(i), bytes));
        }
        return new RecordPage(out, refs.cursor());
    }

    /** As {@link #records}, from the record index alone. */
    RecordRefPage recordRefs(int repoId, String collection, int limit, String cursor, boolean descending) {
        byte[] prefix = Keys.collectionPrefix(repoId, collection);
        List<String> rkeys = new ArrayList<>(Math.min(limit, 128));
        List<Cid> cids = new ArrayList<>(Math.min(limit, 128));
        boolean more;
        try (RocksIterator it = iterator(ColumnFamily.RECORDS)) {
            if (descending) {
                if (cursor == null) {
                    byte[] end = prefix.clone();
                    end[end.length - 1] = 1; // the first key after every rkey of this collection
                    it.seekForPrev(end);
                } else {
                    it.seekForPrev(Keys.record(repoId, collection, cursor));
                }
            } else {
                it.seek(cursor == null ? prefix : Keys.record(repoId, collection, cursor));
            }
            while (it.isValid() && rkeys.size() < limit) {
                byte[] key = it.key();
                if (!Keys.startsWith(key, prefix)) {
                    break;
                }
                String rkey = Keys.recordRkey(key, prefix.length);
                if (cursor == null || !rkey.equals(cursor)) {
                    rkeys.add(rkey);
                    cids.add(Cid.fromBytes(it.value()));
                }
                if (descending) {
                    it.prev();
                } else {
                    it.next();
                }
            }
            more = rkeys.size() == limit && it.isValid() && Keys.startsWith(it.key(), prefix);
        }
        return new RecordRefPage(collection, rkeys, cids, more ? rkeys.get(rkeys.size() - 1) : null);
    }

    /** The blocks of {@code cids} (null where missing), in order, by one batched read. */
    List<byte[]> blocks(int repoId, List<Cid> cids) {
        if (cids.isEmpty()) {
            return List.of();
        }
        List<byte[]> values = blockValues(repoId, cids); // RocksDB's own list, ours to change
        values.replaceAll(BlockValue::block);
        return values;
    }

    /** As {@link #blocks}, each as stored: the block, then the rev that added it ({@link BlockValue}). */
    List<byte[]> blockValues(int repoId, List<Cid> cids) {
        if (cids.isEmpty()) {
            return List.of();
        }
        List<byte[]> keys = new ArrayList<>(cids.size());
        for (Cid cid : cids) {
            keys.add(Keys.block(repoId, cid));
        }
        try {
            return db.raw().multiGetAsList(read != null ? read : db.defaultRead(),
                    java.util.Collections.nCopies(keys.size(), db.handle(ColumnFamily.BLOCKS)), keys);
        } catch (org.rocksdb.RocksDBException e) {
            throw new StoreException("read failed in " + ColumnFamily.BLOCKS + ": " + e.getMessage(), e);
        }
    }

    /**
     * The collections of a repo that hold at least one record, in NSID byte order: one seek per
     * collection, past all of its records, so the cost does not grow with the record count.
     */
    List<String> collections(int repoId, int limit) {
        byte[] repoPrefix = Keys.repoPrefix(repoId);
        List<String> out = new ArrayList<>();
        try (RocksIterator it = iterator(ColumnFamily.RECORDS)) {
            it.seek(repoPrefix);
            while (it.isValid() && out.size() < limit && Keys.startsWith(it.key(), repoPrefix)) {
                byte[] key = it.key();
                int sep = Keys.REPO_ID_BYTES;
                while (sep < key.length && key[sep] != Keys.SEPARATOR) {
                    sep++;
                }
                String collection = new String(key, Keys.REPO_ID_BYTES, sep - Keys.REPO_ID_BYTES, java.nio.charset.StandardCharsets.US_ASCII);
                out.add(collection);
                byte[] next = Keys.collectionPrefix(repoId, collection);
                next[next.length - 1] = 1; // the first key after every rkey of this collection
                it.seek(next);
            }
        }
        return out;
    }

    /** Up to {@code limit} repos after DID {@code cursor} (exclusive), in DID byte order. */
    RepoPage repos(String cursor, int limit) {
        List<RepoHead> out = new ArrayList<>(Math.min(limit, 128));
        try (RocksIterator it = iterator(ColumnFamily.REPOS)) {
            if (cursor == null) {
                it.seekToFirst();
            } else {
                it.seek(Keys.repo(cursor));
                if (it.isValid() && Keys.repoDid(it.key()).equals(cursor)) {
                    it.next();
                }
            }
            for (; it.isValid() && out.size() < limit; it.next()) {
                out.add(RepoHead.decode(Did.parse(Keys.repoDid(it.key())), it.value()));
            }
            return new RepoPage(out, out.size() == limit && it.isValid() ? out.get(out.size() - 1).did().toString() : null);
        }
    }

    /** How many keys of {@code cf} start with {@code prefix} (consistency checks, not hot paths). */
    long count(ColumnFamily cf, byte[] prefix) {
        long n = 0;
        try (RocksIterator it = iterator(cf)) {
            for (it.seek(prefix); it.isValid() && Keys.startsWith(it.key(), prefix); it.next()) {
                n++;
            }
        }
        return n;
    }

    /** Events with {@code afterSeq < seq <= upTo}, at most {@code limit}, in order. */
    List<StoredEvent> events(long afterSeq, long upTo, int limit) {
        List<StoredEvent> out = new ArrayList<>(Math.min(limit, 1024));
        try (RocksIterator it = iterator(ColumnFamily.EVENTS)) {
            for (it.seek(Keys.event(afterSeq + 1)); it.isValid() && out.size() < limit; it.next()) {
                long seq = Keys.eventSeq(it.key());
                if (seq > upTo) {
                    break;
                }
                out.add(new StoredEvent(seq, it.value()));
            }
        }
        return out;
    }

    List<TableEntry> scan(ColumnFamily cf, byte[] prefix, byte[] after, int limit, boolean descending) {
        List<TableEntry> out = new ArrayList<>(Math.min(limit, 128));
        try (RocksIterator it = iterator(cf)) {
            if (descending) {
                if (after != null) {
                    it.seekForPrev(after);
                    if (it.isValid() && java.util.Arrays.equals(it.key(), after)) {
                        it.prev();
                    }
                } else if (prefix.length == 0) {
                    it.seekToLast();
                } else {
                    byte[] end = TableEntry.prefixEnd(prefix);
                    it.seekForPrev(end);
                    if (it.isValid() && java.util.Arrays.equals(it.key(), end)) {
                        it.prev();
                    }
                }
            } else {
                it.seek(after != null ? after : prefix);
                if (after != null && it.isValid() && java.util.Arrays.equals(it.key(), after)) {
                    it.next();
                }
            }
            while (it.isValid() && out.size() < limit) {
                byte[] key = it.key();
                if (!Keys.startsWith(key, prefix)) {
                    break;
                }
                out.add(new TableEntry(key, it.value()));
                if (descending) {
                    it.prev();
                } else {
                    it.next();
                }
            }
        }
        return out;
    }
}
