package dev.pds.bench.mst;

import dev.pds.core.block.BlockMap;
import dev.pds.core.data.Cid;
import dev.pds.core.data.DataMap;
import dev.pds.core.data.DataValue;
import dev.pds.core.mst.Mst;
import dev.pds.core.mst.MstDiff;
import dev.pds.core.mst.NodeCache;
import dev.pds.core.repo.CommitResult;
import dev.pds.core.repo.Repo;
import dev.pds.core.repo.WriteOp;
import dev.pds.core.syntax.TidClock;
import dev.pds.crypto.Curve;
import dev.pds.crypto.Keypair;
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
 * 100,000 random keys inserted one commit each, in memory, from an empty repository. One
 * operation is the whole run; divide by 100,000 for the time per commit. The block store is a
 * map that, like the real store, receives each commit's new blocks and drops its removed ones.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MstBuildBench {
    static final int COUNT = 100_000;

    String[] keys;
    Cid value;
    Keypair key;
    DataMap record;

    @Setup
    public void setup() {
        keys = MstKeys.randomKeys(COUNT, 2);
        value = MstKeys.value(0);
        key = Keypair.generate(Curve.K256);
        record = DataMap.builder().put("$type", "app.bsky.feed.post").put("text", "hello")
                .put("createdAt", "2026-11-22T03:30:00.000Z").build();
    }

    /** The MST part of each commit, as Repo does it: insert, node diff, persist. No signing. */
    @Benchmark
    public Cid mstInsert100kOneCommitEach(CpuTime cpu) {
        cpu.begin();
        BlockMap store = new BlockMap();
        NodeCache cache = new NodeCache(50_000);
        Mst tree = Mst.empty(store, cache);
        for (String k : keys) {
            Mst next = tree.add(k, value);
            MstDiff d = MstDiff.nodesBetween(tree, next);
            store.putAll(d.addedNodes());
            d.removedNodes().forEach(store::remove);
            tree = next.persist().tree();
        }
        Cid root = tree.root();
        cpu.end();
        return root;
    }

    /** Whole signed commits (K-256) through Repo.applyWrites, one create each. */
    @Benchmark
    public Cid signedCommit100kOneCreateEach(CpuTime cpu) {
        cpu.begin();
        BlockMap store = new BlockMap();
        NodeCache cache = new NodeCache(50_000);
        TidClock clock = TidClock.system();
        CommitResult r = Repo.create("did:plc:ewvi7nxzyoun6zhxrhs64oiz", key, clock, store, cache);
        store.putAll(r.newBlocks());
        Repo repo = r.repo();
        for (String k : keys) {
            r = repo.applyWrites(List.of(WriteOp.create(MstKeys.COLLECTION, MstKeys.rkey(k),
                    record.toBuilder().put("n", DataValue.of(k)).build())), null, key, clock);
            store.putAll(r.newBlocks());
            r.removedCids().forEach(store::remove);
            r.removedRecordCandidates().forEach(store::remove);
            repo = r.repo();
        }
        cpu.end();
        return repo.head();
    }
}
