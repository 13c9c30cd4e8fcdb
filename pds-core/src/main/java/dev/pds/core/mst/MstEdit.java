package dev.pds.core.mst;

import dev.pds.core.data.Cid;

/**
 * The edits on a tree, as pure functions from nodes to new nodes. Only nodes on the path of the
 * key (and, for a delete, the two seams that merge) are loaded; every other subtree is carried
 * over by link. The shape that results depends only on the set of keys: a key lives in the node
 * of its own layer, subtrees sit exactly one layer below their parent, empty nodes vanish, and
 * the top is trimmed.
 */
final class MstEdit {
    private MstEdit() {
    }

    /** The root after adding {@code key}; throws when it is present. */
    static MstNode add(NodeReader r, MstNode root, String key, Cid value) {
        int h = MstKey.height(key);
        if (root.isEmpty()) {
            return leafNode(h, key, value);
        }
        if (h > root.layer) {
            MstNode[] parts = split(r, root, key);
            MstNode lo = lift(parts[0], h - 1);
            MstNode hi = lift(parts[1], h - 1);
            return MstNode.of(h, NodeRef.of(lo), new MstNode.Entry[] {MstNode.Entry.of(key, value, NodeRef.of(hi))});
        }
        return addAt(r, root, key, h, value);
    }

    private static MstNode addAt(NodeReader r, MstNode node, String key, int h, Cid value) {
        int pos = node.find(key);
        if (pos >= 0) {
            throw new MstException("there is already a value at key " + key);
        }
        int gap = -pos - 1;
        NodeRef child = node.child(gap);
        if (h == node.layer) {
            MstNode[] parts = child == null ? new MstNode[2] : split(r, r.load(child, node.layer - 1), key);
            MstNode.Entry[] es = new MstNode.Entry[node.entries.length + 1];
            System.arraycopy(node.entries, 0, es, 0, gap);
            es[gap] = MstNode.Entry.of(key, value, NodeRef.of(parts[1]));
            System.arraycopy(node.entries, gap, es, gap + 1, node.entries.length - gap);
            MstNode withKey = MstNode.of(node.layer, node.left, es);
            return withKey.withChild(gap, NodeRef.of(parts[0]));
        }
        MstNode sub = child == null ? chain(node.layer - 1, key, h, value)
                : addAt(r, r.load(child, node.layer - 1), key, h, value);
        return node.withChild(gap, NodeRef.of(sub));
    }

    /** A node at {@code layer} holding just the key, or empty intermediates down to its layer. */
    private static MstNode chain(int layer, String key, int h, Cid value) {
        if (layer == h) {
            return leafNode(h, key, value);
        }
        return MstNode.of(layer, NodeRef.of(chain(layer - 1, key, h, value)), MstNode.NO_ENTRIES);
    }

    private static MstNode leafNode(int layer, String key, Cid value) {
        return MstNode.of(layer, null, new MstNode.Entry[] {MstNode.Entry.of(key, value, null)});
    }

    /** Wraps {@code node} in empty intermediates up to {@code layer}; null stays null. */
    private static MstNode lift(MstNode node, int layer) {
        if (node == null) {
            return null;
        }
        MstNode n = node;
        while (n.layer < layer) {
            n = MstNode.of(n.layer + 1, NodeRef.of(n), MstNode.NO_ENTRIES);
        }
        return n;
    }

    /** The parts of {@code node} below and above {@code key} (absent from it); either may be null. */
    static MstNode[] split(NodeReader r, MstNode node, String key) {
        int pos = node.find(key);
        if (pos >= 0) {
            throw new MstException("there is already a value at key " + key);
        }
        int gap = -pos - 1;
        NodeRef child = node.child(gap);
        MstNode[] sub = child == null ? new MstNode[2] : split(r, r.load(child, node.layer - 1), key);
        MstNode.Entry[] loEntries = java.util.Arrays.copyOfRange(node.entries, 0, gap);
        MstNode.Entry[] hiEntries = java.util.Arrays.copyOfRange(node.entries, gap, node.entries.length);
        MstNode lo = MstNode.of(node.layer, node.left, loEntries).withChild(gap, NodeRef.of(sub[0]));
        MstNode hi = MstNode.of(node.layer, NodeRef.of(sub[1]), hiEntries);
        return new MstNode[] {lo.isEmpty() ? null : lo, hi.isEmpty() ? null : hi};
    }

    /** The root after removing {@code key}; throws when it is absent. */
    static MstNode delete(NodeReader r, MstNode root, String key) {
        int h = MstKey.height(key);
        MstNode n = h > root.layer || root.isEmpty() ? MISSING : deleteAt(r, root, key, h);
        if (n == MISSING) {
            throw new MstException("there is no value at key " + key);
        }
        if (n == null) {
            return MstNode.emptyRoot();
        }
        while (n.entries.length == 0 && n.left != null) {
            n = r.load(n.left, n.layer - 1);
        }
        return n;
    }

    private static final MstNode MISSING = MstNode.emptyRoot();

    /** The node without {@code key}, null when nothing is left, or {@link #MISSING}. */
    private static MstNode deleteAt(NodeReader r, MstNode node, String key, int h) {
        int pos = node.find(key);
        if (h == node.layer) {
            if (pos < 0) {
                return MISSING;
            }
            NodeRef merged = merge(r, node.child(pos), node.entries[pos].right(), node.layer - 1);
            MstNode.Entry[] es = new MstNode.Entry[node.entries.length - 1];
            System.arraycopy(node.entries, 0, es, 0, pos);
            System.arraycopy(node.entries, pos + 1, es, pos, es.length - pos);
            return nonEmpty(MstNode.of(node.layer, node.left, es).withChild(pos, merged));
        }
        int gap = -pos - 1;
        NodeRef child = node.child(gap);
        if (child == null) {
            return MISSING;
        }
        MstNode sub = deleteAt(r, r.load(child, node.layer - 1), key, h);
        if (sub == MISSING) {
            return MISSING;
        }
        return nonEmpty(node.withChild(gap, NodeRef.of(sub)));
    }

    private static MstNode nonEmpty(MstNode n) {
        return n.isEmpty() ? null : n;
    }

    /** Joins two adjacent subtrees at {@code layer} (all keys of {@code a} below those of {@code b}). */
    private static NodeRef merge(NodeReader r, NodeRef a, NodeRef b, int layer) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        MstNode x = r.load(a, layer);
        MstNode y = r.load(b, layer);
        NodeRef seam = merge(r, x.lastChild(), y.left, layer - 1);
        MstNode.Entry[] es = new MstNode.Entry[x.entries.length + y.entries.length];
        System.arraycopy(x.entries, 0, es, 0, x.entries.length);
        System.arraycopy(y.entries, 0, es, x.entries.length, y.entries.length);
        MstNode joined = MstNode.of(layer, x.left, es).withChild(x.entries.length, seam);
        return NodeRef.of(joined);
    }

    /** The root after replacing the value at {@code key}; throws when it is absent. */
    static MstNode update(NodeReader r, MstNode root, String key, Cid value) {
        MstNode n = updateAt(r, root, key, value);
        if (n == null) {
            throw new MstException("there is no value at key " + key);
        }
        return n;
    }

    private static MstNode updateAt(NodeReader r, MstNode node, String key, Cid value) {
        int pos = node.find(key);
        if (pos >= 0) {
            return node.entries[pos].value().equals(value) ? node : node.withValue(pos, value);
        }
        int gap = -pos - 1;
        NodeRef child = node.child(gap);
        if (child == null) {
            return null;
        }
        MstNode old = r.load(child, node.layer - 1);
        MstNode sub = updateAt(r, old, key, value);
        if (sub == null || sub == old) {
            return sub == null ? null : node;
        }
        return node.withChild(gap, NodeRef.of(sub));
    }

    /** The value at {@code key}, or null. */
    static Cid get(NodeReader r, MstNode root, String key) {
        MstNode node = root;
        while (true) {
            int pos = node.find(key);
            if (pos >= 0) {
                return node.entries[pos].value();
            }
            NodeRef child = node.child(-pos - 1);
            if (child == null) {
                return null;
            }
            node = r.load(child, node.layer - 1);
        }
    }
}
