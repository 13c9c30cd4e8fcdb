package dev.pds.bench.mst;

import dev.pds.core.block.BlockMap;
import dev.pds.core.data.Cid;
import dev.pds.core.mst.Mst;
import dev.pds.core.mst.MstDiff;
import dev.pds.core.mst.NodeCache;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Single operations on a tree of 100,000 random keys, stored in memory and read through a node
 * cache big enough for the whole tree. Each insert starts from the same tree, so the figure is
 * the cost of one insert at that size: load the path, edit, encode and hash the new nodes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MstBench {
    static final int SIZE = 100_000;

    Mst tree;
    String[] present;
    String[] fresh;
    Cid value;
    int next;

    @Setup
    public void setup() {
        String[] keys = MstKeys.randomKeys(SIZE + 100_000, 1);
        present = java.util.Arrays.copyOfRange(keys, 0, SIZE);
        fresh = java.util.Arrays.copyOfRange(keys, SIZE, keys.length);
        value = MstKeys.value(0);
        BlockMap store = new BlockMap();
        NodeCache cache = new NodeCache(200_000);
        Mst t = Mst.empty(store, cache);
        for (String k : present) {
            t = t.add(k, value);
        }
        Mst.Persisted p = t.persist();
        p.blocks().forEach(store::put);
        tree = Mst.load(store, t.root(), cache);
        tree.forEachNode(n -> { }); // warm the cache with every node
    }

    private int step() {
        next = (next + 1) % fresh.length;
        return next;
    }

    /** Insert one key and compute the new root CID. */
    @Benchmark
    public Cid insert() {
        return tree.add(fresh[step()], value).root();
    }

    /** Insert, diff against the old tree (new and removed nodes), and write out the new nodes. */
    @Benchmark
    public BlockMap insertDiffPersist() {
        Mst after = tree.add(fresh[step()], value);
        MstDiff d = after.diffFrom(tree);
        return after.persist().blocks().size() >= d.addedNodes().size() ? d.addedNodes() : null;
    }

    @Benchmark
    public Cid get() {
        return tree.get(present[step() % SIZE]);
    }

    /** Proof of presence for one key: the nodes on its path. */
    @Benchmark
    public BlockMap proof() {
        return tree.proof(present[step() % SIZE]);
    }

    /** The Sync 1.1 covering blocks for one key. */
    @Benchmark
    public BlockMap coveringProof() {
        return tree.coveringProof(List.of(present[step() % SIZE]));
    }
}
