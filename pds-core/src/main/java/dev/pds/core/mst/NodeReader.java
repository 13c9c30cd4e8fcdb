package dev.pds.core.mst;

import dev.pds.core.block.BlockMap;
import dev.pds.core.block.BlockSource;
import dev.pds.core.data.Cid;

/**
 * Loads nodes for a tree: from memory when the link holds the node, else from the cache, else
 * from the blocks of the tree's last persist, else from the base source, checking each decoded
 * node against the layer its parent implies.
 */
final class NodeReader {
    final BlockSource base;
    final NodeCache cache;
    /** Blocks written by the persist that produced this tree, until the caller has stored them. */
    final BlockMap recent;

    NodeReader(BlockSource base, NodeCache cache, BlockMap recent) {
        this.base = base;
        this.cache = cache;
        this.recent = recent;
    }

    MstNode load(NodeRef ref, int expectedLayer) {
        MstNode n = ref.node();
        if (n != null) {
            return n;
        }
        return load(ref.cid(), expectedLayer);
    }

    MstNode load(Cid cid, int expectedLayer) {
        MstNode n = cache.get(cid);
        if (n != null) {
            if (expectedLayer != MstNodeCodec.ROOT && n.isEmpty()) {
                throw new MstException("invalid MST: empty node " + cid + " below the root");
            }
            if (expectedLayer != MstNodeCodec.ROOT && n.layer != expectedLayer) {
                throw new MstException("invalid MST: node " + cid + " is at depth " + n.layer
                        + " where its parent puts depth " + expectedLayer);
            }
            return n;
        }
        byte[] bytes = recent == null ? null : recent.get(cid);
        if (bytes == null) {
            bytes = base.require(cid);
        }
        n = MstNodeCodec.decode(cid, bytes, expectedLayer);
        cache.put(n);
        return n;
    }

    NodeReader withRecent(BlockMap blocks) {
        return new NodeReader(base, cache, blocks);
    }
}
