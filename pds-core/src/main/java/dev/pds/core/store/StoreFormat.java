package dev.pds.core.store;

import dev.pds.core.syntax.Did;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * The layout version of the stored data, kept in {@link ColumnFamily#META}, and the upgrade of
 * an older store when it opens, before anything reads it.
 * <ul>
 * <li>1 (no version stored): each block's rev under its own key in {@link ColumnFamily#BLOCK_REVS}.
 * <li>2: the rev at the end of the block's value ({@link BlockValue}); {@code block_revs} empty.
 * </ul>
 * The upgrade rewrites the blocks in key order, a chunk per synced write that also records how
 * far it got, so a crash in the middle resumes where it stopped and rewrites no block twice.
 */
final class StoreFormat {
    static final int CURRENT = 2;
    /** Blocks rewritten per write during an upgrade: a few MB of batch at most. */
    static final int UPGRADE_CHUNK_BLOCKS = 4096;
    private static final byte[] NO_REV = new byte[0];
    /** Above every per-repo key (4-byte repo id, then a CID, whose first byte is 0x01). */
    private static final byte[] PAST_ALL_REPOS = {-1, -1, -1, -1, -1};

    private StoreFormat() {
    }

    /** Brings the store to {@link #CURRENT}; refuses a store from a newer version. Returns blocks rewritten. */
    static long upgrade(StoreDb db) {
        int format = format(db);
        if (format > CURRENT) {
            throw new StoreException("the store is in format " + format + ", written by a newer version of this"
                    + " server; this version reads formats up to " + CURRENT);
        }
        if (format == CURRENT) {
            return 0;
        }
        Map<Integer, byte[]> headRevs = headRevs(db);
        long rewritten = 0;
        int n;
        do {
            n = upgradeChunk(db, headRevs, UPGRADE_CHUNK_BLOCKS);
            rewritten += n;
        } while (n == UPGRADE_CHUNK_BLOCKS);
        try (WriteBatch batch = new WriteBatch()) {
            batch.deleteRange(db.handle(ColumnFamily.BLOCK_REVS), NO_REV, PAST_ALL_REPOS);
            batch.delete(db.handle(ColumnFamily.META), Keys.META_UPGRADE_PROGRESS);
            batch.put(db.handle(ColumnFamily.META), Keys.META_FORMAT, Keys.intValue(CURRENT));
            db.write(batch);
            // the old revs' files go now rather than at some later compaction
            db.raw().compactRange(db.handle(ColumnFamily.BLOCK_REVS));
        } catch (RocksDBException e) {
            throw new StoreException("cannot finish the store format upgrade: " + e.getMessage(), e);
        }
        return rewritten;
    }

    static int format(StoreDb db) {
        byte[] v = db.get(ColumnFamily.META, Keys.META_FORMAT);
        return v == null ? 1 : Keys.getInt(v, 0);
    }

    /**
     * Rewrites up to {@code limit} format-1 blocks after the recorded progress, with their revs
     * from {@code block_revs} (or, for a block that has none, its repo's head rev: sent by
     * every later {@code since} export rather than by none), and records the progress in the
     * same write. Returns how many it rewrote: fewer than {@code limit} when none are left.
     */
    static int upgradeChunk(StoreDb db, Map<Integer, byte[]> headRevs, int limit) {
        byte[] progress = db.get(ColumnFamily.META, Keys.META_UPGRADE_PROGRESS);
        try (ReadOptions read = new ReadOptions().setFillCache(false);
             RocksIterator it = db.iterator(ColumnFamily.BLOCKS, read);
             WriteBatch batch = new WriteBatch()) {
            if (progress == null) {
                it.seekToFirst();
            } else {
                it.seek(progress);
                if (it.isValid() && Arrays.equals(it.key(), progress)) {
                    it.next();
                }
            }
            int n = 0;
            byte[] last = null;
            for (; it.isValid() && n < limit; it.next(), n++) {
                byte[] key = it.key();
                byte[] rev = db.get(ColumnFamily.BLOCK_REVS, key);
                if (rev == null) {
                    rev = headRevs.getOrDefault(Keys.getInt(key, 0), NO_REV);
                }
                batch.put(db.handle(ColumnFamily.BLOCKS), key, BlockValue.of(it.value(), rev));
                last = key;
            }
            it.status();
            if (last == null) {
                return 0;
            }
            batch.put(db.handle(ColumnFamily.META), Keys.META_UPGRADE_PROGRESS, last);
            db.write(batch);
            return n;
        } catch (RocksDBException e) {
            throw new StoreException("store format upgrade failed: " + e.getMessage(), e);
        }
    }

    /** Each repo's head rev by repo id. */
    static Map<Integer, byte[]> headRevs(StoreDb db) {
        Map<Integer, byte[]> revs = new HashMap<>();
        try (RocksIterator it = db.iterator(ColumnFamily.REPOS, db.defaultRead())) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                RepoHead head = RepoHead.decode(Did.parse(Keys.repoDid(it.key())), it.value());
                revs.put(head.repoId(), Keys.revValue(head.rev()));
            }
        }
        return revs;
    }
}
