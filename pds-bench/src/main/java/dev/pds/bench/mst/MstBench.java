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
 * (Persisting discarded trees would fill the cache with dead nodes, so the persisting benchmark
 * keeps its tree and grows it instead.)
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MstBench {
    static final int SIZE = 100_000;

    Mst tree;
    /** The tree that {@link #insertDiffPersist} grows, commit by commit, over {@link #store}. */
    Mst growing;
    BlockMap store;
    long grown;
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
        store = new BlockMap();
        NodeCache cache = new NodeCache(200_000);
        Mst t = Mst.empty(store, cache);
        for (String k : present) {
            t = t.add(k, value);
        }
        Mst.Persisted p = t.persist();
        p.blocks().forEach(store::put);
        tree = Mst.load(store, t.root(), cache);
        tree.forEachNode(n -> { }); // warm the cache with every node
        growing = tree;
    }

    private int step() {
        next = (next + 1) % fresh.length;
        return next;
    }

    /** Insert one key and compute the new root CID. */
    @Benchmark
    public Cid insert(CpuTime cpu) {
        cpu.begin();
        Cid c = tree.add(fresh[step()], value).root();
        cpu.end();
        return c;
    }

    /**
     * The MST part of a commit: insert, diff against the old tree (new and removed nodes), write
     * the new nodes to the block map and drop the removed ones, keep the new tree. The tree grows
     * from 100,000 keys by one key per call (a few percent over a run).
     */
    @Benchmark
    public Cid insertDiffPersist(CpuTime cpu) {
        cpu.begin();
        // a new, well-spread key per call (multiplying by an odd constant is a bijection)
        String key = MstKeys.COLLECTION + "/g" + Long.toUnsignedString(++grown * 0x9E3779B97F4A7C15L, 32);
        Mst after = growing.add(key, value);
        MstDiff d = MstDiff.nodesBetween(growing, after);
        store.putAll(d.addedNodes());
        d.removedNodes().forEach(store::remove);
        growing = after.persist().tree();
        Cid c = growing.root();
        cpu.end();
        return c;
    }

    @Benchmark
    public Cid get(CpuTime cpu) {
        cpu.begin();
        Cid c = tree.get(present[step() % SIZE]);
        cpu.end();
        return c;
    }

    /** Proof of presence for one key: the nodes on its path. */
    @Benchmark
    public BlockMap proof(CpuTime cpu) {
        cpu.begin();
        BlockMap b = tree.proof(present[step() % SIZE]);
        cpu.end();
        return b;
    }

    /** The Sync 1.1 covering blocks for one key. */
    @Benchmark
    public BlockMap coveringProof(CpuTime cpu) {
        cpu.begin();
        BlockMap b = tree.coveringProof(List.of(present[step() % SIZE]));
        cpu.end();
        return b;
    }
}
