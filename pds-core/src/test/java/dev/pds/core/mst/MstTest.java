package dev.pds.core.mst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.core.block.BlockMap;
import dev.pds.core.block.BlockSource;
import dev.pds.core.block.MissingBlockException;
import dev.pds.core.data.Cid;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Known root CIDs (the interop vectors of the reference implementation) and edge cases. */
class MstTest {
    static final Cid LEAF = Cid.parse("bafyreie5cvv4h45feadgeuwhbcutmh6t2ceseocckahdoe6uat64zmz454");
    private static final String P = "com.example.record/";

    private static Mst empty() {
        return Mst.empty(BlockSource.empty(), new NodeCache(100));
    }

    private static Mst with(String... rkeys) {
        Mst t = empty();
        for (String r : rkeys) {
            t = t.add(P + r, LEAF);
        }
        return t;
    }

    @Test
    void knownRoots() {
        assertEquals("bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm", empty().root().toString());
        assertEquals("bafyreibj4lsc3aqnrvphp5xmrnfoorvru4wynt6lwidqbm2623a6tatzdu", with("3jqfcqzm3fo2j").root().toString());
        Mst layer2 = with("3jqfcqzm3fx2j");
        assertEquals(2, layer2.rootNode().layer());
        assertEquals("bafyreih7wfei65pxzhauoibu3ls7jgmkju4bspy4t2ha2qdjnzqvoy33ai", layer2.root().toString());
        assertEquals("bafyreicmahysq4n6wfuxo522m6dpiy7z7qzym3dzs756t5n7nfdgccwq7m",
                with("3jqfcqzm3fp2j", "3jqfcqzm3fr2j", "3jqfcqzm3fs2j", "3jqfcqzm3ft2j", "3jqfcqzm4fc2j").root().toString());
    }

    @Test
    void trimsTheTopOnDelete() {
        Mst t = with("3jqfcqzm3fn2j", "3jqfcqzm3fo2j", "3jqfcqzm3fp2j", "3jqfcqzm3fs2j", "3jqfcqzm3ft2j", "3jqfcqzm3fu2j");
        assertEquals(1, t.rootNode().layer());
        assertEquals("bafyreifnqrwbk6ffmyaz5qtujqrzf5qmxf7cbxvgzktl4e3gabuxbtatv4", t.root().toString());
        t = t.delete(P + "3jqfcqzm3fs2j");
        assertEquals(0, t.rootNode().layer());
        assertEquals("bafyreie4kjuxbwkhzg2i5dljaswcroeih4dgiqq6pazcmunwt2byd725vi", t.root().toString());
    }

    @Test
    void insertionThatSplitsTwoLayersDown() {
        Mst t = with("3jqfcqzm3fo2j", "3jqfcqzm3fp2j", "3jqfcqzm3fr2j", "3jqfcqzm3fs2j", "3jqfcqzm3ft2j", "3jqfcqzm3fz2j",
                "3jqfcqzm4fc2j", "3jqfcqzm4fd2j", "3jqfcqzm4ff2j", "3jqfcqzm4fg2j", "3jqfcqzm4fh2j");
        String l1 = "bafyreiettyludka6fpgp33stwxfuwhkzlur6chs4d2v4nkmq2j3ogpdjem";
        assertEquals(l1, t.root().toString());
        t = t.add(P + "3jqfcqzm3fx2j", LEAF);
        assertEquals(2, t.rootNode().layer());
        assertEquals("bafyreid2x5eqs4w4qxvc5jiwda4cien3gw2q6cshofxwnvv7iucrmfohpm", t.root().toString());
        t = t.delete(P + "3jqfcqzm3fx2j");
        assertEquals(l1, t.root().toString());
    }

    @Test
    void newLayersTwoAboveTheRoot() {
        String l0 = "bafyreidfcktqnfmykz2ps3dbul35pepleq7kvv526g47xahuz3rqtptmky";
        String l2 = "bafyreiavxaxdz7o7rbvr3zg2liox2yww46t7g6hkehx4i4h3lwudly7dhy";
        Mst t = with("3jqfcqzm3ft2j", "3jqfcqzm3fz2j");
        assertEquals(l0, t.root().toString());
        t = t.add(P + "3jqfcqzm3fx2j", LEAF);
        assertEquals(l2, t.root().toString());
        t = t.delete(P + "3jqfcqzm3fx2j");
        assertEquals(l0, t.root().toString());
        t = t.add(P + "3jqfcqzm3fx2j", LEAF).add(P + "3jqfcqzm4fd2j", LEAF);
        assertEquals("bafyreig4jv3vuajbsybhyvb7gggvpwh2zszwfyttjrj6qwvcsp24h6popu", t.root().toString());
        t = t.delete(P + "3jqfcqzm4fd2j");
        assertEquals(l2, t.root().toString());
    }

    @Test
    void editsLeaveTheOriginalUnchanged() {
        Mst a = with("a1", "a2");
        Cid before = a.root();
        Mst b = a.add(P + "a3", LEAF).delete(P + "a1");
        assertEquals(before, a.root());
        assertEquals(LEAF, a.get(P + "a1"));
        assertNull(b.get(P + "a1"));
        assertEquals(LEAF, b.get(P + "a3"));
    }

    @Test
    void updateChangesTheValueAndSameValueKeepsTheTree() {
        Mst t = with("a1", "a2", "a3");
        Cid other = Cid.parse("bafyreih7wfei65pxzhauoibu3ls7jgmkju4bspy4t2ha2qdjnzqvoy33ai");
        Mst u = t.update(P + "a2", other);
        assertEquals(other, u.get(P + "a2"));
        assertEquals(t.root(), u.update(P + "a2", LEAF).root());
        assertSame(t.rootNode(), t.update(P + "a2", LEAF).rootNode());
    }

    @Test
    void badOperationsFailClearly() {
        Mst t = with("a1");
        assertThrows(MstException.class, () -> t.add(P + "a1", LEAF), "present key");
        assertThrows(MstException.class, () -> t.delete(P + "zz"), "absent key");
        assertThrows(MstException.class, () -> t.update(P + "zz", LEAF), "absent key");
        assertThrows(MstException.class, () -> empty().delete(P + "zz"));
        // a key far above the root's layer is absent too
        assertThrows(MstException.class, () -> t.delete(P + "3jqfcqzm3fx2j"));
        for (String bad : List.of("", "nocollection", "/rkey", "coll/", "a/b/c", "coll/with space", "coll/é",
                "coll/" + "x".repeat(1020))) {
            assertThrows(MstException.class, () -> t.add(bad, LEAF), bad);
        }
    }

    @Test
    void keyValidation() {
        assertTrue(MstKey.isValid("app.bsky.feed.post/3jqfcqzm3fo2j"));
        assertTrue(MstKey.isValid("a/b:c~d_e-f.g"));
        assertFalse(MstKey.isValid("a/b/c"));
        assertFalse(MstKey.isValid("a\u0000/b"));
        assertFalse(MstKey.isValid(null));
        assertEquals(0, MstKey.height("2653ae71"));
        assertEquals(1, MstKey.height("blue"));
        assertEquals(4, MstKey.height("app.bsky.feed.post/454397e440ec"));
        assertEquals(8, MstKey.height("app.bsky.feed.post/9adeb165882c"));
        assertEquals(3, MstKey.commonPrefixLength("abcde", "abc1"));
    }

    @Test
    void listsRangesBothWays() {
        Mst t = empty();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String k = String.format("coll.%s/%04d", i % 3 == 0 ? "a" : "b", i);
            keys.add(k);
            t = t.add(k, LEAF);
        }
        keys.sort(null);
        assertEquals(keys.subList(0, 10), keysOf(t.list(null, null, 10, false)));
        assertEquals(reversed(keys).subList(0, 10), keysOf(t.list(null, null, 10, true)));
        assertEquals(keys, keysOf(t.list(null, null, 1000, false)));
        int i = keys.indexOf("coll.b/0100");
        assertEquals(keys.subList(i + 1, i + 6), keysOf(t.list("coll.b/0100", null, 5, false)));
        assertEquals(reversed(keys.subList(i - 5, i)), keysOf(t.list(null, "coll.b/0100", 5, true)));
        List<String> a = keysOf(t.listCollection("coll.a", null, 1000, false));
        assertEquals(100, a.size());
        assertTrue(a.stream().allMatch(k -> k.startsWith("coll.a/")));
        assertEquals(List.of("coll.a/0003", "coll.a/0006"), keysOf(t.listCollection("coll.a", "0000", 2, false)));
        assertEquals(List.of("coll.a/0294", "coll.a/0291"), keysOf(t.listCollection("coll.a", "0297", 2, true)));
        assertEquals(List.of(), t.listCollection("coll.c", null, 10, false));
        assertEquals(List.of(), t.list(null, null, 0, false));
        List<String> walked = new ArrayList<>();
        t.forEachLeaf(l -> walked.add(l.key()));
        assertEquals(keys, walked);
    }

    @Test
    void persistedTreeLoadsLazilyFromTheStore() {
        Mst t = empty();
        for (int i = 0; i < 500; i++) {
            t = t.add(String.format("coll.a/%05d", i), LEAF);
        }
        BlockMap store = new BlockMap();
        Mst.Persisted p = t.persist();
        p.blocks().forEach(store::put);
        int[] nodes = {0};
        t.forEachNode(n -> nodes[0]++);
        assertEquals(nodes[0], p.blocks().size(), "every node written once");
        NodeCache cache = new NodeCache(0);
        Mst loaded = Mst.load(store, t.root(), cache);
        assertEquals(LEAF, loaded.get("coll.a/00250"));
        Mst edited = loaded.add("coll.a/99999", LEAF);
        assertEquals(t.add("coll.a/99999", LEAF).root(), edited.root());
        assertTrue(cache.misses() < nodes[0] / 4, "a lookup and an edit load only their paths: " + cache.misses());
        int written = p.tree().add("coll.a/99999", LEAF).persist().blocks().size();
        assertTrue(written >= 1 && written <= t.rootNode().layer() + 2, "a persisted tree writes only the new path: " + written);
        Cid root = t.root();
        assertThrows(MissingBlockException.class, () -> Mst.load(new BlockMap(), root, new NodeCache(0)));
    }

    @Test
    void nodeCacheStaysWithinItsCapacity() {
        Mst t = empty();
        for (int i = 0; i < 300; i++) {
            t = t.add(String.format("coll.a/%04d", i), LEAF);
        }
        BlockMap store = new BlockMap();
        t.persist().blocks().forEach(store::put);
        NodeCache cache = new NodeCache(5);
        Mst loaded = Mst.load(store, t.root(), cache);
        List<String> all = new ArrayList<>();
        loaded.forEachLeaf(l -> all.add(l.key()));
        assertEquals(300, all.size());
        assertEquals(5, cache.size());
        assertThrows(IllegalArgumentException.class, () -> new NodeCache(-1));
    }

    @Test
    void proofsProvePresenceAndAbsence() {
        Mst t = empty();
        for (int i = 0; i < 200; i++) {
            t = t.add(String.format("coll.a/%04d", i * 2), LEAF);
        }
        BlockMap present = t.proof("coll.a/0100");
        assertEquals(LEAF, Mst.load(present, t.root(), new NodeCache(0)).get("coll.a/0100"));
        BlockMap absent = t.proof("coll.a/0101");
        assertNull(Mst.load(absent, t.root(), new NodeCache(0)).get("coll.a/0101"));
        assertTrue(present.size() <= t.rootNode().layer() + 1);
    }

    private static List<String> keysOf(List<MstLeaf> leaves) {
        List<String> out = new ArrayList<>();
        leaves.forEach(l -> out.add(l.key()));
        return out;
    }

    private static List<String> reversed(List<String> l) {
        List<String> r = new ArrayList<>(l);
        java.util.Collections.reverse(r);
        return r;
    }
}
