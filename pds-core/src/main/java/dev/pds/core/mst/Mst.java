package dev.pds.core.mst;

import dev.pds.core.block.BlockMap;
import dev.pds.core.block.BlockSource;
import dev.pds.core.data.Cid;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A Merkle Search Tree (repository spec, "MST Structure") as an immutable value: every edit
 * returns a new tree and leaves this one as it was. Nodes load lazily from a {@link BlockSource}
 * through a bounded {@link NodeCache}; an edit loads only the nodes on the key's path, and the
 * nodes it builds are encoded once, when their CID is first needed.
 *
 * <p>Keys are repo paths ({@link MstKey}); values are record CIDs. The same set of keys and
 * values gives the same root CID whatever the order of edits.
 */
public final class Mst {
    private final NodeReader reader;
    private final MstNode root;

    private Mst(NodeReader reader, MstNode root) {
        this.reader = reader;
        this.root = root;
    }

    /** An empty tree whose later reads go to {@code source} through {@code cache}. */
    public static Mst empty(BlockSource source, NodeCache cache) {
        return new Mst(new NodeReader(Objects.requireNonNull(source, "source"), Objects.requireNonNull(cache, "cache"), null),
                MstNode.emptyRoot());
    }

    /** The tree whose root node is {@code root}; reads and checks the root node now, the rest on demand. */
    public static Mst load(BlockSource source, Cid root, NodeCache cache) {
        NodeReader r = new NodeReader(Objects.requireNonNull(source, "source"), Objects.requireNonNull(cache, "cache"), null);
        MstNode node = r.load(Objects.requireNonNull(root, "root"), MstNodeCodec.ROOT);
        if (node.entries.length == 0 && node.left != null) {
            throw new MstException("invalid MST: root " + root + " is an empty node above a subtree");
        }
        return new Mst(r, node);
    }

    /** The root CID (the {@code data} field of a commit). Encodes new nodes the first time. */
    public Cid root() {
        return root.cid();
    }

    /** The root node. */
    public MstNode rootNode() {
        return root;
    }

    public boolean isEmpty() {
        return root.isEmpty();
    }

    NodeReader reader() {
        return reader;
    }

    /** The record CID at {@code key}, or null. */
    public Cid get(String key) {
        return MstEdit.get(reader, root, key);
    }

    /** This tree with {@code key} added; {@link MstException} when the key is invalid or present. */
    public Mst add(String key, Cid value) {
        MstKey.requireValid(key);
        Objects.requireNonNull(value, "value");
        return new Mst(reader, MstEdit.add(reader, root, key, value));
    }

    /** This tree with the value at {@code key} replaced; {@link MstException} when absent. */
    public Mst update(String key, Cid value) {
        MstKey.requireValid(key);
        Objects.requireNonNull(value, "value");
        return new Mst(reader, MstEdit.update(reader, root, key, value));
    }

    /** This tree without {@code key}; {@link MstException} when absent. */
    public Mst delete(String key) {
        MstKey.requireValid(key);
        return new Mst(reader, MstEdit.delete(reader, root, key));
    }

    /**
     * Up to {@code limit} leaves with {@code after < key < before} (null bounds are open), in key
     * order or, when {@code reverse}, from the highest down.
     */
    public List<MstLeaf> list(String after, String before, int limit, boolean reverse) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        List<MstLeaf> out = new ArrayList<>(Math.min(limit, 1024));
        if (limit > 0) {
            MstWalk.range(reader, root, after, before, reverse, limit, out);
        }
        return out;
    }

    /**
     * Up to {@code limit} leaves of one collection ({@code <collection>/...}), in record key order
     * or reversed, strictly after (or, reversed, before) the record key {@code cursor} if given.
     */
    public List<MstLeaf> listCollection(String collection, String cursor, int limit, boolean reverse) {
        String low = collection + "/";
        String high = collection + "0"; // '0' is the character right after '/'
        if (cursor != null) {
            if (reverse) {
                high = low + cursor;
            } else {
                low = low + cursor;
            }
        }
        return list(low, high, limit, reverse);
    }

    /** Every leaf in key order (loads the whole tree); fails on keys out of order across nodes. */
    public void forEachLeaf(Consumer<MstLeaf> sink) {
        MstWalk.leaves(reader, root, sink);
    }

    /** Every node, parents first (loads the whole tree): for exports. */
    public void forEachNode(Consumer<MstNode> sink) {
        MstWalk.nodes(reader, root, sink);
    }

    /** The nodes from the root to {@code key}, or to where it would be: proves presence or absence. */
    public BlockMap proof(String key) {
        BlockMap out = new BlockMap();
        MstProofs.path(reader, root, key, out);
        return out;
    }

    /**
     * The nodes a reader needs to invert operations on {@code keys} against this (new) tree and
     * recover the tree before them: each key's path and, for keys present, the seams around them.
     * Always holds the root, so a reader can open the tree even for an empty batch.
     */
    public BlockMap coveringProof(Collection<String> keys) {
        BlockMap out = new BlockMap();
        out.put(root.block());
        for (String k : keys) {
            MstProofs.covering(reader, root, k, out);
        }
        return out;
    }

    /** The changes from {@code older} to this tree. */
    public MstDiff diffFrom(Mst older) {
        return MstDiff.between(older, this);
    }

    /**
     * Writes out the nodes this tree built in memory: returns their blocks (for the caller to
     * store) and the same tree in stored form, whose reads fall back to those blocks until the
     * caller's source has them. The new nodes also go into the cache.
     */
    public Persisted persist() {
        BlockMap blocks = new BlockMap();
        collectUnstored(root, blocks);
        NodeReader next = reader.withRecent(blocks);
        return new Persisted(new Mst(next, root.asStored()), blocks);
    }

    private void collectUnstored(MstNode node, BlockMap out) {
        if (node.stored) {
            return;
        }
        out.put(node.block());
        reader.cache.put(node);
        for (int g = 0; g <= node.entries.length; g++) {
            NodeRef child = node.child(g);
            if (child != null && child.node() != null) {
                collectUnstored(child.node(), out);
            }
        }
    }

    /** A persisted tree and the blocks its persist wrote. */
    public record Persisted(Mst tree, BlockMap blocks) {
    }

    @Override
    public String toString() {
        return "Mst[" + root() + "]";
    }
}
