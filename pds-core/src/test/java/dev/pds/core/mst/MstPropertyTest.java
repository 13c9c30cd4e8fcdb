package dev.pds.core.mst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.pds.core.block.BlockMap;
import dev.pds.core.block.BlockSource;
import dev.pds.core.data.Cid;
import dev.pds.core.data.DataMap;
import dev.pds.core.data.DataValue;
import dev.pds.core.data.DagCbor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Invariants of the tree over random key sets and random edit orders. */
class MstPropertyTest {
    private static final String[] COLLECTIONS = {"app.bsky.feed.post", "app.bsky.feed.like", "com.example.x"};

    @Provide
    Arbitrary<List<String>> keySets() {
        Arbitrary<String> collection = Arbitraries.of(COLLECTIONS);
        Arbitrary<String> rkey = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz234567").ofMinLength(1).ofMaxLength(13);
        Arbitrary<String> key = Combinators.combine(collection, rkey).as((c, r) -> c + "/" + r);
        return key.set().ofMinSize(0).ofMaxSize(400).map(ArrayList::new);
    }

    static Cid valueFor(String key, int version) {
        return DagCbor.cidOf(DataMap.of("k", DataValue.of(key), "v", DataValue.of(version)));
    }

    private static Mst build(List<String> keys) {
        Mst t = Mst.empty(BlockSource.empty(), new NodeCache(64));
        for (String k : keys) {
            t = t.add(k, valueFor(k, 0));
        }
        return t;
    }

    @Property(tries = 150)
    void anyInsertionAndDeletionOrderGivesTheSameRoot(@ForAll("keySets") List<String> keys, @ForAll("keySets") List<String> extra,
            @ForAll Random random) {
        Mst a = build(keys);
        List<String> shuffled = new ArrayList<>(keys);
        Collections.shuffle(shuffled, random);
        assertEquals(a.root(), build(shuffled).root());

        // insert extra keys interleaved, then delete them in another order
        List<String> more = new ArrayList<>(extra);
        more.removeAll(new HashSet<>(keys));
        List<String> all = new ArrayList<>(shuffled);
        all.addAll(more);
        Collections.shuffle(all, random);
        Mst b = build(all);
        Collections.shuffle(more, random);
        for (String k : more) {
            b = b.delete(k);
        }
        assertEquals(a.root(), b.root());
    }

    @Property(tries = 100)
    void diffAppliedToTheOldTreeGivesTheNewOne(@ForAll("keySets") List<String> keys, @ForAll("keySets") List<String> other,
            @ForAll Random random) {
        Mst a = build(keys);
        Mst b = a;
        // the new tree shares some keys, drops some, changes some values, adds others
        for (String k : keys) {
            int r = random.nextInt(3);
            if (r == 0) {
                b = b.delete(k);
            } else if (r == 1) {
                b = b.update(k, valueFor(k, 1));
            }
        }
        Set<String> old = new HashSet<>(keys);
        for (String k : other) {
            if (!old.contains(k)) {
                b = b.add(k, valueFor(k, 2));
            }
        }
        MstDiff d = b.diffFrom(a);
        assertEquals(b.root(), d.applyTo(a).root());

        Set<Cid> nodesA = nodeCids(a);
        Set<Cid> nodesB = nodeCids(b);
        Set<Cid> onlyB = new LinkedHashSet<>(nodesB);
        onlyB.removeAll(nodesA);
        Set<Cid> onlyA = new LinkedHashSet<>(nodesA);
        onlyA.removeAll(nodesB);
        assertEquals(onlyB, new HashSet<>(d.addedNodes().cids()));
        assertEquals(onlyA, d.removedNodes());
        assertEquals(List.of(), MstDiff.between(b, b).changes());
        MstDiff nodes = MstDiff.nodesBetween(a, b);
        assertEquals(d.addedNodes().cids(), nodes.addedNodes().cids());
        assertEquals(d.removedNodes(), nodes.removedNodes());
        assertEquals(List.of(), nodes.changes());
    }

    @Property(tries = 100)
    void everyProofVerifies(@ForAll("keySets") List<String> keys, @ForAll("keySets") List<String> probes) {
        Mst t = build(keys);
        Cid root = t.root();
        for (String k : keys.subList(0, Math.min(keys.size(), 20))) {
            BlockMap proof = t.proof(k);
            assertEquals(valueFor(k, 0), Mst.load(proof, root, new NodeCache(0)).get(k));
        }
        Set<String> present = new HashSet<>(keys);
        for (String k : probes.subList(0, Math.min(probes.size(), 20))) {
            if (!present.contains(k)) {
                assertNull(Mst.load(t.proof(k), root, new NodeCache(0)).get(k));
            }
        }
    }

    @Property(tries = 200)
    void invertingAnyBatchOnTheCoveringBlocksGivesThePreviousRoot(@ForAll("keySets") List<String> keys,
            @ForAll("keySets") List<String> fresh, @ForAll Random random) {
        Mst before = build(keys);
        List<String> existing = new ArrayList<>(keys);
        Collections.shuffle(existing, random);
        int changed = Math.min(existing.size(), random.nextInt(12));
        List<String[]> ops = new ArrayList<>(); // {action, key}
        for (String k : existing.subList(0, changed)) {
            ops.add(new String[] {random.nextBoolean() ? "delete" : "update", k});
        }
        Set<String> present = new HashSet<>(keys);
        int created = 0;
        for (String k : fresh) {
            if (!present.contains(k) && created < 12) {
                ops.add(new String[] {"create", k});
                created++;
            }
        }
        Collections.shuffle(ops, random);
        Mst after = before;
        List<String> opKeys = new ArrayList<>();
        for (String[] op : ops) {
            switch (op[0]) {
                case "create" -> after = after.add(op[1], valueFor(op[1], 3));
                case "update" -> after = after.update(op[1], valueFor(op[1], 4));
                default -> after = after.delete(op[1]);
            }
            opKeys.add(op[1]);
        }
        BlockMap covering = after.coveringProof(opKeys);
        // invert in reverse order and in a random order, reading nothing but the covering blocks
        List<List<String[]>> orders = new ArrayList<>();
        List<String[]> reversed = new ArrayList<>(ops);
        Collections.reverse(reversed);
        orders.add(reversed);
        List<String[]> shuffled = new ArrayList<>(ops);
        Collections.shuffle(shuffled, random);
        orders.add(shuffled);
        for (List<String[]> order : orders) {
            Mst t = Mst.load(covering, after.root(), new NodeCache(0));
            for (String[] op : order) {
                switch (op[0]) {
                    case "create" -> t = t.delete(op[1]);
                    case "update" -> t = t.update(op[1], valueFor(op[1], 0));
                    default -> t = t.add(op[1], valueFor(op[1], 0));
                }
            }
            assertEquals(before.root(), t.root());
        }
    }

    private static Set<Cid> nodeCids(Mst t) {
        Set<Cid> out = new HashSet<>();
        t.forEachNode(n -> out.add(n.cid()));
        return out;
    }
}
