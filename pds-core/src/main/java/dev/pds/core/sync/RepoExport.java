package dev.pds.core.sync;

import dev.pds.core.block.BlockSource;
import dev.pds.core.car.CarWriter;
import dev.pds.core.data.Cid;
import dev.pds.core.mst.Mst;
import dev.pds.core.mst.MstNode;
import dev.pds.core.mst.NodeCache;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * A full repository export ({@code com.atproto.sync.getRepo}): a CAR rooted at the commit that
 * holds the commit, every MST node and every record. The tree is walked node by node, each node
 * followed by its records, straight into the writer: memory stays at one path of nodes however
 * large the repo.
 */
public final class RepoExport {
    private RepoExport() {
    }

    /** What an export wrote. */
    public record Stats(Cid commit, Cid data, long blocks, long bytes) {
    }

    /**
     * Writes the repo whose head commit is {@code commit}, reading blocks from {@code source}.
     * Flushes but does not close {@code out}. A block missing from our own source is our fault
     * and surfaces as a {@link dev.pds.core.block.MissingBlockException}.
     */
    public static Stats write(BlockSource source, Cid commit, OutputStream out, NodeCache cache) throws IOException {
        byte[] commitBytes = source.require(commit);
        RepoCommit c = RepoCommit.decode(commit, commitBytes);
        CarWriter car = new CarWriter(out, commit);
        car.write(commit, commitBytes);
        Mst mst = Mst.load(source, c.data(), cache);
        try {
            mst.forEachNode(node -> writeNode(source, car, node));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        car.flush();
        return new Stats(commit, c.data(), car.blockCount(), car.bytesWritten());
    }

    public static Stats write(BlockSource source, Cid commit, OutputStream out) throws IOException {
        return write(source, commit, out, new NodeCache(0));
    }

    private static void writeNode(BlockSource source, CarWriter car, MstNode node) {
        try {
            car.write(node.block());
            for (int i = 0; i < node.entryCount(); i++) {
                Cid record = node.value(i);
                car.write(record, source.require(record));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
