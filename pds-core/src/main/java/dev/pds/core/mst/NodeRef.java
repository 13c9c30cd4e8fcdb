package dev.pds.core.mst;

import dev.pds.core.data.Cid;

/**
 * A link from a node to a subtree: either a node built in memory by an edit (its CID computed
 * when first asked) or a stored node known only by CID and loaded on demand through the
 * {@link NodeCache}, so an edit never pulls in more of the tree than the paths it touches.
 */
final class NodeRef {
    private final Cid storedCid;
    private final MstNode node;

    private NodeRef(Cid storedCid, MstNode node) {
        this.storedCid = storedCid;
        this.node = node;
    }

    static NodeRef stored(Cid cid) {
        return new NodeRef(cid, null);
    }

    static NodeRef of(MstNode node) {
        return node == null ? null : new NodeRef(null, node);
    }

    Cid cid() {
        return node != null ? node.cid() : storedCid;
    }

    /** The node when it is held in memory, else null (load it by {@link #cid()}). */
    MstNode node() {
        return node;
    }

    static Cid cidOf(NodeRef ref) {
        return ref == null ? null : ref.cid();
    }
}
