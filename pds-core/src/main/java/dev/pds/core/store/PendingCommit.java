package dev.pds.core.store;

import dev.pds.core.block.BlockMap;
import dev.pds.core.data.Cid;
import java.util.Map;
import java.util.Set;

/**
 * The effect of an accepted write that is not in the database yet, kept so that the repo's
 * next commit reads what this one wrote: its blocks, the blocks it deletes (tombstones, so a
 * later commit re-creates them instead of assuming they are there), and the record reference
 * counts it sets. Immutable once built; dropped when the write is durable.
 */
final class PendingCommit {
    final int repoId;
    final BlockMap blocks;
    final Set<Cid> deleted;
    final Map<Cid, Integer> refCounts;

    PendingCommit(int repoId, BlockMap blocks, Set<Cid> deleted, Map<Cid, Integer> refCounts) {
        this.repoId = repoId;
        this.blocks = blocks;
        this.deleted = Set.copyOf(deleted);
        this.refCounts = Map.copyOf(refCounts);
    }

    static PendingCommit wipe(int repoId) {
        return new PendingCommit(repoId, new BlockMap(), Set.of(), Map.of());
    }
}
