package dev.pds.core.sync;

import dev.pds.core.block.BlockSource;
import dev.pds.core.car.CarWriter;
import dev.pds.core.data.Cid;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A full repository export ({@code com.atproto.sync.getRepo}): a CAR rooted at the commit that
 * holds the commit, every MST node and every record. The tree is walked depth first straight
 * into the writer, each node followed by its records, so memory stays at one path of nodes
 * however large the repo. Nodes are read for their links only ({@link NodeLinks}): the blocks
 * come from our own store, which checked them when they were written.
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
    public static Stats write(BlockSource source, Cid commit, OutputStream out) throws IOException {
        byte[] commitBytes = source.require(commit);
        RepoCommit c = RepoCommit.decode(commit, commitBytes);
        CarWriter car = new CarWriter(out, commit);
        car.write(commit, commitBytes);
        new Walk(source, car).node(c.data());
        car.flush();
        return new Stats(commit, c.data(), car.blockCount(), car.bytesWritten());
    }

    /** One export's depth-first walk; I/O failures leave through {@link #node}. */
    private static final class Walk implements NodeLinks.Sink {
        private final BlockSource source;
        private final CarWriter car;
        private List<Cid> children;
        private IOException failure;

        Walk(BlockSource source, CarWriter car) {
            this.source = source;
            this.car = car;
        }

        void node(Cid cid) throws IOException {
            byte[] bytes = source.require(cid);
            car.write(cid, bytes);
            List<Cid> mine = new ArrayList<>(8);
            children = mine;
            NodeLinks.read(cid, bytes, this);
            if (failure != null) {
                throw failure;
            }
            for (Cid child : mine) {
                node(child);
            }
        }

        @Override
        public void entry(Cid record, Cid right) {
            if (failure != null) {
                return;
            }
            try {
                car.write(record, source.require(record));
            } catch (IOException e) {
                failure = e;
            }
            if (right != null) {
                children.add(right);
            }
        }

        @Override
        public void left(Cid left) {
            if (left != null) {
                children.add(0, left);
            }
        }
    }
}
