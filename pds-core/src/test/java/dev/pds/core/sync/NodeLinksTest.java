package dev.pds.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.core.data.Cid;
import dev.pds.core.data.DagCbor;
import dev.pds.core.data.DataMap;
import dev.pds.core.mst.Mst;
import dev.pds.core.mst.MstNode;
import dev.pds.core.mst.NodeCache;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeLinksTest {
    private static final TestRepo REPO = TestRepo.withRecords(2000);

    /** The raw reader sees exactly the links the MST's own decoder sees, on every node of a real tree. */
    @Test
    void agreesWithTheMstDecoderOnEveryNode() {
        int[] nodes = {0};
        Mst.load(REPO.store, REPO.data, new NodeCache(0)).forEachNode(node -> {
            List<Cid> records = new ArrayList<>();
            List<Cid> rights = new ArrayList<>();
            Cid[] left = {null};
            NodeLinks.read(node.cid(), node.block().bytes(), new NodeLinks.Sink() {
                @Override
                public void entry(Cid record, Cid right) {
                    records.add(record);
                    rights.add(right);
                }

                @Override
                public void left(Cid l) {
                    left[0] = l;
                }
            });
            assertEquals(node.entryCount(), records.size());
            for (int i = 0; i < node.entryCount(); i++) {
                assertEquals(node.value(i), records.get(i));
                assertEquals(node.rightCid(i), rights.get(i));
            }
            assertEquals(node.leftCid(), left[0]);
            nodes[0]++;
        });
        assertTrue(nodes[0] > 100, "a tree of many nodes: " + nodes[0]);
    }

    @Test
    void refusesWhatIsNotANode() {
        MstNode root = Mst.load(REPO.store, REPO.data, new NodeCache(0)).rootNode();
        byte[] bytes = root.block().bytes();
        NodeLinks.Sink ignore = new NodeLinks.Sink() {
            @Override
            public void entry(Cid record, Cid right) {
            }

            @Override
            public void left(Cid left) {
            }
        };
        byte[] record = DagCbor.encode(DataMap.builder().put("$type", "app.bsky.feed.post").build());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> NodeLinks.read(root.cid(), record, ignore));
        assertTrue(e.getMessage().contains(root.cid().toString()), e.getMessage());
        assertThrows(IllegalStateException.class, () -> NodeLinks.read(root.cid(), Arrays.copyOf(bytes, bytes.length - 3), ignore));
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        assertThrows(IllegalStateException.class, () -> NodeLinks.read(root.cid(), longer, ignore));
    }
}
