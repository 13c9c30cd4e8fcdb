package dev.pds.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.core.block.Block;
import dev.pds.core.car.CarLimits;
import dev.pds.core.data.Cid;
import dev.pds.core.data.DataList;
import dev.pds.core.data.DataMap;
import dev.pds.core.data.DataValue;
import dev.pds.core.mst.MstKey;
import dev.pds.core.sync.RepoVerifier.Expect;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Trees written node by node, each breaking one structural rule: the verifier must refuse each. */
class MalformedMstTest {
    private static final Block RECORD = Block.ofDagCbor(DataMap.builder().put("$type", "app.bsky.feed.post").put("text", "x").build());

    @Test
    void aHandBuiltWellFormedTreeVerifies() {
        List<String> h0 = keysOfHeight(0, 2);
        Cid leaf = node(null, entry(h0.get(0), 0, null), entry(h0.get(1), commonPrefix(h0.get(0), h0.get(1)), null));
        VerifiedRepo v = verify(leaf);
        assertEquals(2, v.recordCount());
    }

    @Test
    void keysOfDifferentHeightsInOneNode() {
        String a = keysOfHeight(0, 1).get(0);
        String b = keysOfHeight(1, 1).get(0);
        String first = a.compareTo(b) < 0 ? a : b;
        String second = first == a ? b : a;
        assertRefused(node(null, entry(first, 0, null), entry(second, commonPrefix(first, second), null)), "depth");
    }

    @Test
    void keysOutOfOrder() {
        List<String> h0 = keysOfHeight(0, 2);
        String hi = h0.get(1);
        String lo = h0.get(0);
        assertRefused(node(null, entry(hi, 0, null), entry(lo, commonPrefix(hi, lo), null)), "order");
    }

    @Test
    void prefixNotCompressed() {
        List<String> h0 = keysOfHeight(0, 2);
        assertRefused(node(null, entry(h0.get(0), 0, null), entry(h0.get(1), 0, null)), "compressed");
    }

    @Test
    void emptyNodeBelowTheRoot() {
        String top = keysOfHeight(1, 1).get(0);
        Cid empty = node(null);
        assertRefused(node(empty, entry(top, 0, null)), "empty");
    }

    @Test
    void untrimmedRoot() {
        String k = keysOfHeight(0, 1).get(0);
        Cid leaf = node(null, entry(k, 0, null));
        assertRefused(node(leaf), "empty root above a subtree");
    }

    @Test
    void subtreeAtTheWrongLayer() {
        String top = keysOfHeight(2, 1).get(0);
        String low = keysOfHeight(0, 1).get(0);
        Cid child = node(null, entry(low, 0, null));
        // the child belongs at layer 1 under a layer-2 node; keys must still be in order
        Cid root = low.compareTo(top) < 0 ? node(child, entry(top, 0, null)) : node(null, entry(top, 0, child));
        assertRefused(root, "depth");
    }

    @Test
    void extraFieldInANode() {
        String k = keysOfHeight(0, 1).get(0);
        DataMap n = DataMap.builder().put("e", new DataList(List.of(entry(k, 0, null)))).putNull("l").put("x", 1).build();
        assertRefused(store(Block.ofDagCbor(n)), "exactly");
    }

    // ---- helpers ----

    private final TestRepo repo = new TestRepo();

    private VerifiedRepo verify(Cid root) {
        repo.store.put(RECORD);
        repo.data = root;
        repo.commit = repo.putCommit(TestRepo.unsignedCommit(TestRepo.DID, 3, root, "3kznmn7xqxl22"), TestRepo.KEY);
        return RepoVerifier.verify(RepoExportVerifyTest.exportRaw(repo), CarLimits.DEFAULT, new Expect(TestRepo.DID, TestRepo.KEY.didKey()));
    }

    private void assertRefused(Cid root, String mention) {
        InvalidRepoException e = assertThrows(InvalidRepoException.class, () -> verify(root));
        assertTrue(e.getMessage().contains(mention), e.getMessage());
    }

    private Cid store(Block b) {
        repo.store.put(b);
        return b.cid();
    }

    private Cid node(Cid left, DataValue... entries) {
        DataMap.Builder b = DataMap.builder().put("e", new DataList(List.of(entries)));
        if (left == null) {
            b.putNull("l");
        } else {
            b.put("l", left);
        }
        return store(Block.ofDagCbor(b.build()));
    }

    private static DataValue entry(String key, int prefix, Cid right) {
        DataMap.Builder b = DataMap.builder().put("k", key.substring(prefix).getBytes(StandardCharsets.US_ASCII)).put("p", prefix)
                .put("v", RECORD.cid());
        if (right == null) {
            b.putNull("t");
        } else {
            b.put("t", right);
        }
        return b.build();
    }

    private static int commonPrefix(String a, String b) {
        int i = 0;
        while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }

    /** The first {@code n} keys {@code app.bsky.feed.post/k<i>} at MST height {@code height}, in order. */
    private static List<String> keysOfHeight(int height, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; out.size() < n; i++) {
            String k = "app.bsky.feed.post/k" + (100000 + i);
            if (MstKey.height(k) == height) {
                out.add(k);
            }
        }
        return out;
    }
}
