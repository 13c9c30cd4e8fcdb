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
 * snapshot, with the commit written first; an export {@code since} a rev is the same scan,
 * filtered by the rev each block value carries. Exact because the store keeps exactly the
 * blocks reachable from the head: every commit deletes what it made unreachable in the same batch
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
        return scan(db, snapshot, head, commitBytes, null, out);
    }

    /**
     * The blocks added after {@code since}: the same scan, sending only the blocks whose value
     * carries a later rev ({@link BlockValue}), the commit among them when it is newer.
     */
    static RepoExport.Stats writeSince(StoreDb db, Snapshot snapshot, RepoHead head, byte[] commitBytes, String since,
            OutputStream out) throws IOException {
        return scan(db, snapshot, head, commitBytes, Keys.revValue(since), out);
    }

    private static RepoExport.Stats scan(StoreDb db, Snapshot snapshot, RepoHead head, byte[] commitBytes, byte[] since,
            OutputStream out) throws IOException {
        Cid commit = head.commit();
        CarWriter car = new CarWriter(out, commit);
        if (since == null || Arrays.compareUnsigned(Keys.revValue(head.rev()), since) > 0) {
            car.write(commit, commitBytes);
        }
        byte[] from = Keys.repoPrefix(head.repoId());
        try (Slice end = new Slice(Keys.repoPrefixEnd(head.repoId()));
             ReadOptions read = new ReadOptions().setSnapshot(snapshot).setIterateUpperBound(end)
                     .setReadaheadSize(READAHEAD_BYTES).setFillCache(false);
             RocksIterator it = db.iterator(ColumnFamily.BLOCKS, read)) {
            for (it.seek(from); it.isValid(); it.next()) {
                byte[] value = it.value();
                if (since != null && !BlockValue.newerThan(value, since)) {
                    continue;
                }
                byte[] key = it.key();
                Cid cid = Cid.read(key, Keys.REPO_ID_BYTES, key.length);
                if (!cid.equals(commit)) {
                    car.write(cid, value, BlockValue.blockLength(value));
                }
            }
            it.status();
        } catch (RocksDBException e) {
            throw new StoreException("export scan of " + head.did() + " failed: " + e.getMessage(), e);
        }
        car.flush();
        return new RepoExport.Stats(commit, head.data(), car.blockCount(), car.bytesWritten());
    }
}
