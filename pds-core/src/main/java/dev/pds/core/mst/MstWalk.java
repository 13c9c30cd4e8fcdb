package dev.pds.core.mst;

import java.util.List;
import java.util.function.Consumer;

/** In-order walks: ranges of leaves in either direction, and every node of a tree. */
final class MstWalk {
    private MstWalk() {
    }

    /**
     * Appends the leaves with {@code low < key < high} (null bounds are open) in key order, or
     * reverse order, until {@code out} holds {@code limit}; returns false once it is full.
     */
    static boolean range(NodeReader r, MstNode node, String low, String high, boolean reverse, int limit,
            List<MstLeaf> out) {
        int n = node.entries.length;
        if (!reverse) {
            for (int g = 0; g <= n; g++) {
                if (!visitGap(r, node, g, low, high, false, limit, out)) {
                    return false;
                }
                if (g < n) {
                    MstNode.Entry e = node.entries[g];
                    if (high != null && e.key().compareTo(high) >= 0) {
                        return false;
                    }
                    if ((low == null || e.key().compareTo(low) > 0) && !add(out, e, limit)) {
                        return false;
                    }
                }
            }
        } else {
            for (int g = n; g >= 0; g--) {
                if (!visitGap(r, node, g, low, high, true, limit, out)) {
                    return false;
                }
                if (g > 0) {
                    MstNode.Entry e = node.entries[g - 1];
                    if (low != null && e.key().compareTo(low) <= 0) {
                        return false;
                    }
                    if ((high == null || e.key().compareTo(high) < 0) && !add(out, e, limit)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static boolean visitGap(NodeReader r, MstNode node, int g, String low, String high, boolean reverse,
            int limit, List<MstLeaf> out) {
        NodeRef child = node.child(g);
        if (child == null) {
            return true;
        }
        // the subtree in gap g holds keys between entry g-1 and entry g
        boolean aboveLow = low == null || g == node.entries.length || node.entries[g].key().compareTo(low) > 0;
        boolean belowHigh = high == null || g == 0 || node.entries[g - 1].key().compareTo(high) < 0;
        if (!aboveLow || !belowHigh) {
            return true;
        }
        return range(r, r.load(child, node.layer - 1), low, high, reverse, limit, out);
    }

    private static boolean add(List<MstLeaf> out, MstNode.Entry e, int limit) {
        out.add(new MstLeaf(e.key(), e.value()));
        return out.size() < limit;
    }

    /** Every leaf in key order, checking that keys ascend across nodes (a damaged tree fails). */
    static void leaves(NodeReader r, MstNode root, Consumer<MstLeaf> sink) {
        String[] last = {null};
        walkLeaves(r, root, leaf -> {
            if (last[0] != null && leaf.key().compareTo(last[0]) <= 0) {
                throw new MstException("invalid MST: key " + leaf.key() + " is out of order after " + last[0]);
            }
            last[0] = leaf.key();
            sink.accept(leaf);
        });
    }

    private static void walkLeaves(NodeReader r, MstNode node, Consumer<MstLeaf> sink) {
        for (int g = 0; g <= node.entries.length; g++) {
            NodeRef child = node.child(g);
            if (child != null) {
                walkLeaves(r, r.load(child, node.layer - 1), sink);
            }
            if (g < node.entries.length) {
                MstNode.Entry e = node.entries[g];
                sink.accept(new MstLeaf(e.key(), e.value()));
            }
        }
    }

    /** Every node, parent before children, left to right. */
    static void nodes(NodeReader r, MstNode node, Consumer<MstNode> sink) {
        sink.accept(node);
        for (int g = 0; g <= node.entries.length; g++) {
            NodeRef child = node.child(g);
            if (child != null) {
                nodes(r, r.load(child, node.layer - 1), sink);
            }
        }
    }
}
