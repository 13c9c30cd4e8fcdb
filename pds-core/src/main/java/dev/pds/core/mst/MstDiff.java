package dev.pds.core.mst;

import dev.pds.core.block.BlockMap;
import dev.pds.core.data.Cid;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * What changed between two trees: records created, updated and deleted (with old and new CIDs),
 * the nodes only the new tree has (with their blocks) and the nodes only the old tree had.
 *
 * <p>Computed layer by layer from the top. Within one tree every node CID occurs once (its keys
 * are its own), so a CID present at the same layer in both trees is a shared subtree and is not
 * opened; only the nodes that differ are loaded.
 */
public final class MstDiff {
    /** A record-level change; {@code before} is null for a create, {@code after} null for a delete. */
    public record Change(String key, Cid before, Cid after) {
        public Change {
            Objects.requireNonNull(key, "key");
        }

        public boolean isCreate() {
            return before == null;
        }

        public boolean isDelete() {
            return after == null;
        }

        public boolean isUpdate() {
            return before != null && after != null;
        }
    }

    private final List<Change> changes;
    private final BlockMap addedNodes;
    private final Set<Cid> removedNodes;

    private MstDiff(List<Change> changes, BlockMap addedNodes, Set<Cid> removedNodes) {
        this.changes = changes;
        this.addedNodes = addedNodes;
        this.removedNodes = removedNodes;
    }

    /** The changes that turn {@code from} into {@code to}. */
    public static MstDiff between(Mst from, Mst to) {
        return between(from, to, true);
    }

    /**
     * Only the node sets ({@link #addedNodes}, {@link #removedNodes}); {@link #changes} is empty.
     * For a commit, whose record changes are known from its writes, this skips comparing leaves.
     */
    public static MstDiff nodesBetween(Mst from, Mst to) {
        return between(from, to, false);
    }

    private static MstDiff between(Mst from, Mst to, boolean withChanges) {
        Map<Integer, Map<Cid, NodeRef>> olds = new HashMap<>();
        Map<Integer, Map<Cid, NodeRef>> news = new HashMap<>();
        MstNode fromRoot = from.rootNode();
        MstNode toRoot = to.rootNode();
        olds.computeIfAbsent(fromRoot.layer, k -> new HashMap<>()).put(fromRoot.cid(), NodeRef.of(fromRoot));
        news.computeIfAbsent(toRoot.layer, k -> new HashMap<>()).put(toRoot.cid(), NodeRef.of(toRoot));
        TreeMap<String, Cid> oldLeaves = new TreeMap<>();
        TreeMap<String, Cid> newLeaves = new TreeMap<>();
        BlockMap added = new BlockMap();
        Set<Cid> removed = new LinkedHashSet<>();
        for (int layer = Math.max(fromRoot.layer, toRoot.layer); layer >= 0; layer--) {
            Map<Cid, NodeRef> o = olds.getOrDefault(layer, Map.of());
            Map<Cid, NodeRef> n = news.getOrDefault(layer, Map.of());
            for (Map.Entry<Cid, NodeRef> e : n.entrySet()) {
                if (o.containsKey(e.getKey())) {
                    continue;
                }
                MstNode node = to.reader().load(e.getValue(), layer);
                added.put(node.block());
                open(node, withChanges ? newLeaves : null, news);
            }
            for (Map.Entry<Cid, NodeRef> e : o.entrySet()) {
                if (n.containsKey(e.getKey())) {
                    continue;
                }
                MstNode node = from.reader().load(e.getValue(), layer);
                removed.add(e.getKey());
                open(node, withChanges ? oldLeaves : null, olds);
            }
        }
        List<Change> changes = new ArrayList<>();
        Iterator<Map.Entry<String, Cid>> oi = oldLeaves.entrySet().iterator();
        Iterator<Map.Entry<String, Cid>> ni = newLeaves.entrySet().iterator();
        Map.Entry<String, Cid> oe = oi.hasNext() ? oi.next() : null;
        Map.Entry<String, Cid> ne = ni.hasNext() ? ni.next() : null;
        while (oe != null || ne != null) {
            int c = oe == null ? 1 : ne == null ? -1 : oe.getKey().compareTo(ne.getKey());
            if (c < 0) {
                changes.add(new Change(oe.getKey(), oe.getValue(), null));
                oe = oi.hasNext() ? oi.next() : null;
            } else if (c > 0) {
                changes.add(new Change(ne.getKey(), null, ne.getValue()));
                ne = ni.hasNext() ? ni.next() : null;
            } else {
                if (!oe.getValue().equals(ne.getValue())) {
                    changes.add(new Change(ne.getKey(), oe.getValue(), ne.getValue()));
                }
                oe = oi.hasNext() ? oi.next() : null;
                ne = ni.hasNext() ? ni.next() : null;
            }
        }
        return new MstDiff(Collections.unmodifiableList(changes), added, Collections.unmodifiableSet(removed));
    }

    private static void open(MstNode node, Map<String, Cid> leaves, Map<Integer, Map<Cid, NodeRef>> frontier) {
        if (leaves != null) {
            for (MstNode.Entry e : node.entries) {
                leaves.put(e.key(), e.value());
            }
        }
        for (int g = 0; g <= node.entries.length; g++) {
            NodeRef child = node.child(g);
            if (child != null) {
                frontier.computeIfAbsent(node.layer - 1, k -> new HashMap<>()).put(child.cid(), child);
            }
        }
    }

    /** Record changes in key order. */
    public List<Change> changes() {
        return changes;
    }

    /** Nodes of the new tree that the old one lacks, with their blocks (do not mutate). */
    public BlockMap addedNodes() {
        return addedNodes;
    }

    /** CIDs of nodes of the old tree that the new one lacks. */
    public Set<Cid> removedNodes() {
        return removedNodes;
    }

    /** Applies the record changes to {@code tree}; applied to the diff's old tree it gives the new one. */
    public Mst applyTo(Mst tree) {
        Mst t = tree;
        for (Change c : changes) {
            if (c.isCreate()) {
                t = t.add(c.key(), c.after());
            } else if (c.isDelete()) {
                t = t.delete(c.key());
            } else {
                t = t.update(c.key(), c.after());
            }
        }
        return t;
    }

    @Override
    public String toString() {
        return "MstDiff[" + changes.size() + " changes, +" + addedNodes.size() + " nodes, -" + removedNodes.size() + " nodes]";
    }
}
