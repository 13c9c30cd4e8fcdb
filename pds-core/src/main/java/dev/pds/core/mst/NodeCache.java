package dev.pds.core.mst;

import dev.pds.core.data.Cid;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded least-recently-used cache of decoded, checked nodes, keyed by CID. Content
 * addressing makes one cache safe to share between trees and repositories. Nodes are kept in
 * stored form (subtrees as CIDs only), so a cached node never holds a subtree in memory.
 * Thread-safe; capacity 0 disables caching.
 */
public final class NodeCache {
    private final int capacity;
    private final LinkedHashMap<Cid, MstNode> map;
    private long hits;
    private long misses;

    public NodeCache(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must not be negative: " + capacity);
        }
        this.capacity = capacity;
        this.map = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Cid, MstNode> eldest) {
                return size() > NodeCache.this.capacity;
            }
        };
    }

    public int capacity() {
        return capacity;
    }

    public synchronized int size() {
        return map.size();
    }

    public synchronized long hits() {
        return hits;
    }

    public synchronized long misses() {
        return misses;
    }

    synchronized MstNode get(Cid cid) {
        MstNode n = map.get(cid);
        if (n == null) {
            misses++;
        } else {
            hits++;
        }
        return n;
    }

    /**
     * Drops these nodes: a commit's superseded nodes, which its repo no longer reads. Content
     * addressing lets another tree share one, which then only costs that tree a read.
     */
    public void forget(Iterable<Cid> cids) {
        if (capacity == 0) {
            return;
        }
        synchronized (this) {
            for (Cid cid : cids) {
                map.remove(cid);
            }
        }
    }

    /** Keeps {@code node} (converted to stored form). */
    void put(MstNode node) {
        if (capacity == 0) {
            return;
        }
        MstNode stored = node.asStored();
        synchronized (this) {
            map.put(stored.cid(), stored);
        }
    }
}
