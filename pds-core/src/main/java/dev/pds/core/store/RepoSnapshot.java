package dev.pds.core.store;

import dev.pds.core.block.BlockSource;
import dev.pds.core.sync.RepoExport;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import org.rocksdb.ReadOptions;
import org.rocksdb.Snapshot;

/**
 * One repo frozen at one commit, for an export that streams while writes go on: the head and
 * every block are read at the same RocksDB snapshot. Close it promptly; it pins old data.
 */
public final class RepoSnapshot implements AutoCloseable {
    private final StoreDb db;
    private final Snapshot snapshot;
    private final ReadOptions read;
    private final RepoHead head;
    private final BlockSource blocks;

    RepoSnapshot(StoreDb db, Snapshot snapshot, ReadOptions read, RepoHead head) {
        this.db = db;
        this.snapshot = snapshot;
        this.read = read;
        this.head = head;
        this.blocks = new StoreReader(db, read).blocks(head.repoId());
    }

    public RepoHead head() {
        return head;
    }

    /** The repo's blocks as of {@link #head()}. */
    public BlockSource blocks() {
        return blocks;
    }

    /**
     * Writes the full export ({@code getRepo}) to {@code out} as a CAR rooted at the head: the
     * commit first, then every MST node and record of the repo in CID order, read by one range
     * scan instead of a point read per block. Holds the same blocks as {@link RepoExport#write}
     * over {@link #blocks()}, which walks the tree. Flushes but does not close {@code out}.
     */
    public RepoExport.Stats writeCar(OutputStream out) throws IOException {
        return RepoScanExport.write(db, snapshot, head, blocks.require(head.commit()), out);
    }

    /**
     * Writes the blocks added by commits after {@code since} (a rev), as {@code getRepo} with
     * {@code since} answers: a CAR rooted at the head holding every block of the current repo
     * whose adding commit's rev is greater than {@code since}, the commit first when it is one
     * of them. Nothing but the header when {@code since} is the head's rev or later. Flushes but
     * does not close {@code out}.
     */
    public RepoExport.Stats writeCarSince(String since, OutputStream out) throws IOException {
        Objects.requireNonNull(since, "since");
        return RepoScanExport.writeSince(db, snapshot, head, blocks.require(head.commit()), since, out);
    }

    @Override
    public void close() {
        read.close();
        db.raw().releaseSnapshot(snapshot);
    }
}
