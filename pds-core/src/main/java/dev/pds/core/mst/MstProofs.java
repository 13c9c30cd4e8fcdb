package dev.pds.core.mst;

import dev.pds.core.block.BlockMap;

/**
 * Proof blocks. The path of a key is every node from the root down to the node holding the
 * key, or to the node where it would be (which proves it absent). The covering proof of a key
 * adds, when the key is present, the nodes along the two seams beside it (the right edge of the
 * subtree to its left, the left edge of the subtree to its right): exactly what deleting the
 * key merges. Together they let a reader invert an operation on the key (Sync 1.1).
 */
final class MstProofs {
    private MstProofs() {
    }

    static void path(NodeReader r, MstNode root, String key, BlockMap out) {
        MstNode node = root;
        while (true) {
            out.put(node.block());
            int pos = node.find(key);
            if (pos >= 0) {
                return;
            }
            NodeRef child = node.child(-pos - 1);
            if (child == null) {
                return;
            }
            node = r.load(child, node.layer - 1);
        }
    }

    static void covering(NodeReader r, MstNode root, String key, BlockMap out) {
        MstNode node = root;
        while (true) {
            out.put(node.block());
            int pos = node.find(key);
            if (pos >= 0) {
                rightEdge(r, node.child(pos), node.layer - 1, out);
                leftEdge(r, node.entries[pos].right(), node.layer - 1, out);
                return;
            }
            NodeRef child = node.child(-pos - 1);
            if (child == null) {
                return;
            }
            node = r.load(child, node.layer - 1);
        }
    }

    private static void rightEdge(NodeReader r, NodeRef ref, int layer, BlockMap out) {
        while (ref != null) {
            MstNode n = r.load(ref, layer--);
            out.put(n.block());
            ref = n.lastChild();
        }
    }

    private static void leftEdge(NodeReader r, NodeRef ref, int layer, BlockMap out) {
        while (ref != null) {
            MstNode n = r.load(ref, layer--);
            out.put(n.block());
            ref = n.left;
        }
    }
}
