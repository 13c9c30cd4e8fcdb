package dev.pds.core.store;

import dev.pds.core.car.CarWriter;
import dev.pds.core.data.Cid;
import dev.pds.core.sync.RepoExport;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.Snapshot;

/**
 * A full export by one range scan of the repo's blocks ({@code id ‖ CID}, so CID order) at a
 * snapshot, with the commit written first. Exact because the store keeps exactly the blocks
 * reachable from the head: every commit deletes what it made unreachable in the same batch
 * (see {@link CommitPlanner}). The repository spec leaves block order open, and readers
 * (ours, {@code @atproto/repo}) load the whole CAR before walking it.
 */
final class RepoScanExport {
    /** Read ahead this far: the range is read front to back once. */
    private static final long READAHEAD_BYTES = 4L << 20;

    private RepoScanExport() {
    }

    static RepoExport.Stats write(StoreDb db, Snapshot snapshot, RepoHead head, byte[] commitBytes, OutputStream out)
            throws IOException {
        Cid commit = head.commit();
        CarWriter car = new CarWriter(out, commit);
        car.write(commit, commitBytes);
        byte[] from = Keys.repoPrefix(head.repoId());
        try (Slice end = new Slice(Keys.repoPrefixEnd(head.repoId()));
             ReadOptions read = new ReadOptions().setSnapshot(snapshot).setIterateUpperBound(end)
                     .setReadaheadSize(READAHEAD_BYTES).setFillCache(false);
             RocksIterator it = db.iterator(ColumnFamily.BLOCKS, read)) {
            for (it.seek(from); it.isValid(); it.next()) {
                byte[] key = it.key();
                Cid cid = Cid.read(key, Keys.REPO_ID_BYTES, key.length);
                if (!cid.equals(commit)) {
                    car.write(cid, it.value());
                }
            }
            it.status();
        } catch (RocksDBException e) {
            throw new StoreException("export scan of " + head.did() + " failed: " + e.getMessage(), e);
        }
        car.flush();
        return new RepoExport.Stats(commit, head.data(), car.blockCount(), car.bytesWritten());
    }

    /**
     * The blocks added after {@code since}: a scan of the repo's {@code block_revs} range (small
     * values) with a point read of each block newer than {@code since}, so a recent {@code since}
     * costs little more than the scan of revs.
     */
    static RepoExport.Stats writeSince(StoreDb db, Snapshot snapshot, ReadOptions pointRead, RepoHead head, String since,
            OutputStream out) throws IOException {
        Cid commit = head.commit();
        byte[] after = Keys.revValue(since);
        CarWriter car = new CarWriter(out, commit);
        if (newer(Keys.revValue(head.rev()), after)) {
            car.write(commit, require(db, pointRead, head, commit));
        }
        byte[] from = Keys.repoPrefix(head.repoId());
        try (Slice end = new Slice(Keys.repoPrefixEnd(head.repoId()));
             ReadOptions read = new ReadOptions().setSnapshot(snapshot).setIterateUpperBound(end).setFillCache(false);
             RocksIterator it = db.iterator(ColumnFamily.BLOCK_REVS, read)) {
            for (it.seek(from); it.isValid(); it.next()) {
                if (!newer(it.value(), after)) {
                    continue;
                }
                byte[] key = it.key();
                Cid cid = Cid.read(key, Keys.REPO_ID_BYTES, key.length);
                if (!cid.equals(commit)) {
                    car.write(cid, require(db, pointRead, head, cid));
                }
            }
            it.status();
        } catch (RocksDBException e) {
            throw new StoreException("export scan of " + head.did() + " failed: " + e.getMessage(), e);
        }
        car.flush();
        return new RepoExport.Stats(commit, head.data(), car.blockCount(), car.bytesWritten());
    }

    /** Whether the stored rev {@code rev} is after {@code since}: revs are ASCII TIDs, so byte order is time order. */
    private static boolean newer(byte[] rev, byte[] since) {
        return Arrays.compareUnsigned(rev, since) > 0;
    }

    private static byte[] require(StoreDb db, ReadOptions read, RepoHead head, Cid cid) {
        byte[] bytes = db.get(ColumnFamily.BLOCKS, read, Keys.block(head.repoId(), cid));
        if (bytes == null) {
            throw new StoreException("block " + cid + " of " + head.did() + " has a rev but no bytes");
        }
        return bytes;
    }
}
