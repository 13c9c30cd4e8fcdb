package dev.pds.core.mst;

import dev.pds.core.block.Block;
import dev.pds.core.data.Cid;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One MST node as a value: its layer (depth), an optional left subtree, and entries sorted by
 * key, each with a record CID and an optional subtree to its right. The DAG-CBOR encoding and
 * CID are computed once, when first needed, and kept.
 */
public final class MstNode {
    /**
     * An entry: key (also kept as its ASCII bytes, which the encoder copies), record CID, and the
     * subtree between it and the next entry (or null).
     */
    record Entry(String key, byte[] keyBytes, Cid value, NodeRef right) {
        static Entry of(String key, Cid value, NodeRef right) {
            return new Entry(key, key.getBytes(StandardCharsets.ISO_8859_1), value, right);
        }

        Entry withRight(NodeRef r) {
            return new Entry(key, keyBytes, value, r);
        }

        Entry withValue(Cid v) {
            return new Entry(key, keyBytes, v, right);
        }
    }

    static final Entry[] NO_ENTRIES = new Entry[0];

    final int layer;
    final NodeRef left;
    final Entry[] entries;
    /** True for nodes decoded from a block source; false for nodes an edit built. */
    final boolean stored;
    private volatile Block block; // lazily encoded; a race only encodes twice, same result

    MstNode(int layer, NodeRef left, Entry[] entries, boolean stored, Block block) {
        this.layer = layer;
        this.left = left;
        this.entries = entries;
        this.stored = stored;
        this.block = block;
    }

    /** A node built in memory by an edit. */
    static MstNode of(int layer, NodeRef left, Entry[] entries) {
        return new MstNode(layer, left, entries, false, null);
    }

    static MstNode emptyRoot() {
        return of(0, null, NO_ENTRIES);
    }

    public int layer() {
        return layer;
    }

    public int entryCount() {
        return entries.length;
    }

    public String key(int i) {
        return entries[i].key();
    }

    public Cid value(int i) {
        return entries[i].value();
    }

    /** CID of the left subtree, or null. */
    public Cid leftCid() {
        return NodeRef.cidOf(left);
    }

    /** CID of the subtree right of entry {@code i}, or null. */
    public Cid rightCid(int i) {
        return NodeRef.cidOf(entries[i].right);
    }

    /** CIDs of all subtrees this node links to, left to right. */
    public List<Cid> childCids() {
        List<Cid> out = new ArrayList<>(entries.length + 1);
        if (left != null) {
            out.add(left.cid());
        }
        for (Entry e : entries) {
            if (e.right != null) {
                out.add(e.right.cid());
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** Keys of this node, in order. */
    public List<String> keys() {
        List<String> out = new ArrayList<>(entries.length);
        for (Entry e : entries) {
            out.add(e.key);
        }
        return out;
    }

    /** No entries and no subtree: only valid as the root of an empty tree. */
    public boolean isEmpty() {
        return entries.length == 0 && left == null;
    }

    /** The encoded node and its CID. */
    public Block block() {
        Block b = block;
        if (b == null) {
            byte[] bytes = MstNodeCodec.encode(this);
            b = new Block(Cid.ofDagCbor(bytes), bytes);
            block = b;
        }
        return b;
    }

    public Cid cid() {
        return block().cid();
    }

    // ---- helpers for edits; all return new nodes and leave this one as it was ----

    /** Index of {@code key}, or {@code -(insertion point) - 1} as in {@link Arrays#binarySearch}. */
    int find(String key) {
        int lo = 0;
        int hi = entries.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = entries[mid].key().compareTo(key);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }

    /** The subtree in gap {@code g}: left of entry {@code g}, right of entry {@code g - 1}. */
    NodeRef child(int gap) {
        return gap == 0 ? left : entries[gap - 1].right();
    }

    /** The last subtree: right of the last entry, or the left subtree when there are no entries. */
    NodeRef lastChild() {
        return child(entries.length);
    }

    MstNode withChild(int gap, NodeRef ref) {
        if (gap == 0) {
            return of(layer, ref, entries);
        }
        Entry[] es = entries.clone();
        Entry e = es[gap - 1];
        es[gap - 1] = e.withRight(ref);
        return of(layer, left, es);
    }

    MstNode withValue(int index, Cid value) {
        Entry[] es = entries.clone();
        Entry e = es[index];
        es[index] = e.withValue(value);
        return of(layer, left, es);
    }

    /** This node with its subtrees reduced to CIDs, as the cache keeps nodes (no memory of edits). */
    MstNode asStored() {
        if (stored) {
            return this;
        }
        NodeRef l = left == null ? null : NodeRef.stored(left.cid());
        Entry[] es = new Entry[entries.length];
        for (int i = 0; i < es.length; i++) {
            Entry e = entries[i];
            es[i] = e.withRight(e.right == null ? null : NodeRef.stored(e.right.cid()));
        }
        return new MstNode(layer, l, es, true, block());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MstNode n && cid().equals(n.cid());
    }

    @Override
    public int hashCode() {
        return cid().hashCode();
    }

    @Override
    public String toString() {
        return "MstNode[layer " + layer + ", " + keys() + "]";
    }
}
