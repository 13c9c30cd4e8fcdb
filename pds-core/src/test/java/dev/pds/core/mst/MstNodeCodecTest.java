package dev.pds.core.mst;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.core.block.Block;
import dev.pds.core.block.BlockMap;
import dev.pds.core.block.BlockSource;
import dev.pds.core.data.Cid;
import dev.pds.core.data.DagCbor;
import dev.pds.core.data.DataList;
import dev.pds.core.data.DataMap;
import dev.pds.core.data.DataValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The node encoding against the generic DAG-CBOR encoder, and every structural check on decode. */
class MstNodeCodecTest {
    private static final Cid LEAF = MstTest.LEAF;

    /** Keys of height 0 and 1, found once by hashing (see MstKey.height). */
    private static String keyOfHeight(int h, int skip) {
        int seen = 0;
        for (int i = 0; ; i++) {
            String k = "com.example.record/k" + i;
            if (MstKey.height(k) == h && seen++ == skip) {
                return k;
            }
        }
    }

    private static DataMap entry(int p, String suffix, Cid v, Cid t) {
        return DataMap.builder().put("p", p).put("k", suffix.getBytes(StandardCharsets.US_ASCII)).put("v", v)
                .put("t", t == null ? DataValue.nullValue() : DataValue.of(t)).build();
    }

    private static DataMap node(Cid l, DataMap... entries) {
        return DataMap.builder().put("l", l == null ? DataValue.nullValue() : DataValue.of(l))
                .put("e", new DataList(List.of((DataValue[]) entries))).build();
    }

    @Test
    void handEncodingMatchesTheGenericEncoder() {
        Mst t = Mst.empty(BlockSource.empty(), new NodeCache(0));
        for (int i = 0; i < 60; i++) {
            t = t.add("com.example.record/" + i, LEAF);
        }
        List<MstNode> nodes = new ArrayList<>();
        t.forEachNode(nodes::add);
        assertTrue(nodes.size() > 3);
        for (MstNode n : nodes) {
            DataMap[] es = new DataMap[n.entryCount()];
            String prev = "";
            for (int i = 0; i < es.length; i++) {
                int p = MstKey.commonPrefixLength(prev, n.key(i));
                es[i] = entry(p, n.key(i).substring(p), n.value(i), n.rightCid(i));
                prev = n.key(i);
            }
            byte[] generic = DagCbor.encode(node(n.leftCid(), es));
            assertArrayEquals(generic, n.block().bytes(), n.toString());
            MstNode back = MstNodeCodec.decode(n.cid(), generic, n.layer());
            assertEquals(n.keys(), back.keys());
            assertEquals(n.childCids(), back.childCids());
        }
    }

    private static void rejects(DataMap node, int expectedLayer, String why) {
        byte[] bytes = DagCbor.encode(node);
        Cid cid = Cid.ofDagCbor(bytes);
        MstException e = assertThrows(MstException.class, () -> MstNodeCodec.decode(cid, bytes, expectedLayer), why);
        assertEquals("InvalidRequest", e.error());
    }

    @Test
    void rejectsMalformedNodes() {
        String a = keyOfHeight(0, 0);
        String b = keyOfHeight(0, 1);
        String[] ab = a.compareTo(b) < 0 ? new String[] {a, b} : new String[] {b, a};
        String high = keyOfHeight(1, 0);
        Cid child = Cid.ofDagCbor(DagCbor.encode(node(null, entry(0, ab[0], LEAF, null))));
        int p = MstKey.commonPrefixLength(ab[0], ab[1]);

        rejects(DataMap.of("e", DataList.EMPTY), MstNodeCodec.ROOT, "missing l");
        rejects(node(null).toBuilder().put("x", 1).build(), MstNodeCodec.ROOT, "extra field");
        rejects(node(null, DataMap.builder().put("p", 0).put("k", ab[0].getBytes(StandardCharsets.US_ASCII)).put("v", LEAF).build()),
                0, "entry without t");
        rejects(node(null, entry(0, ab[0], LEAF, null), entry(0, ab[1], LEAF, null)), 0, "uncompressed second key");
        if (p > 0) {
            rejects(node(null, entry(0, ab[0], LEAF, null), entry(p - 1, ab[1].substring(p - 1), LEAF, null)), 0,
                    "prefix shorter than shared");
        }
        rejects(node(null, entry(0, ab[1], LEAF, null), entry(0, ab[0], LEAF, null)), 0, "keys out of order");
        rejects(node(null, entry(0, ab[0], LEAF, null), entry(0, ab[0], LEAF, null)), 0, "duplicate key");
        rejects(node(null, entry(5, ab[0], LEAF, null)), 0, "prefix beyond previous key");
        rejects(node(null, entry(0, "not a key", LEAF, null)), 0, "invalid key");
        rejects(node(null, entry(0, ab[0], LEAF, null), entry(0, high, LEAF, null)), 0, "mixed depths");
        rejects(node(null, entry(0, high, LEAF, null)), 0, "depth other than the parent implies");
        rejects(node(child, entry(0, ab[1], LEAF, null)), 0, "depth-0 node with a subtree");
        rejects(node(null), 1, "empty node below the root");
        rejects(node(child), MstNodeCodec.ROOT, "untrimmed root");
        rejects(node(LEAF.codec() == Cid.DAG_CBOR ? Cid.ofRaw(new byte[1]) : LEAF, entry(0, high, LEAF, null)), 1,
                "raw link to a subtree");
        rejects(DataMap.of("e", DataValue.of(1), "l", DataValue.nullValue()), MstNodeCodec.ROOT, "e not a list");

        byte[] good = DagCbor.encode(node(null, entry(0, ab[0], LEAF, null)));
        assertThrows(MstException.class, () -> MstNodeCodec.decode(child, new byte[] {(byte) 0xa0}, 0), "CID mismatch");
        assertEquals(List.of(ab[0]), MstNodeCodec.decode(Cid.ofDagCbor(good), good, 0).keys());
    }

    @Test
    void rejectsNodesOverTheEntryLimit() {
        List<DataMap> entries = new ArrayList<>();
        String prev = "";
        for (int i = 0, found = 0; found <= MstNodeCodec.MAX_ENTRIES; i++) {
            String k = String.format("com.example.record/%06d", i);
            if (MstKey.height(k) != 0) {
                continue;
            }
            int p = MstKey.commonPrefixLength(prev, k);
            entries.add(entry(p, k.substring(p), LEAF, null));
            prev = k;
            found++;
        }
        rejects(node(null, entries.toArray(new DataMap[0])), 0, "too many entries");
    }

    @Test
    void loadChecksDepthsAcrossNodes() {
        // a depth-1 key whose left subtree is a depth-0 node holding a key that sorts after it
        String high = keyOfHeight(1, 0);
        String lowAfter = null;
        for (int i = 0; lowAfter == null; i++) {
            String k = keyOfHeight(0, i);
            lowAfter = k.compareTo(high) > 0 ? k : null;
        }
        Block leafNode = Block.ofDagCbor(node(null, entry(0, lowAfter, LEAF, null)));
        Block root = Block.ofDagCbor(node(leafNode.cid(), entry(0, high, LEAF, null)));
        BlockMap blocks = new BlockMap();
        blocks.put(leafNode);
        blocks.put(root);
        Mst t = Mst.load(blocks, root.cid(), new NodeCache(10));
        assertThrows(MstException.class, () -> t.forEachLeaf(l -> { }), "keys out of order across nodes");
        // an empty node on top of a tree is refused
        Block deep = Block.ofDagCbor(node(root.cid()));
        blocks.put(deep);
        assertThrows(MstException.class, () -> Mst.load(blocks, deep.cid(), new NodeCache(10)));
    }
}
