package dev.pds.core.store;

import dev.pds.core.block.BlockMap;
import dev.pds.core.data.Cid;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What one signed commit changes, in the store's terms: the new head, the blocks it adds
 * (commit, MST nodes, records), the blocks it made unreachable (MST nodes, the old commit, and
 * record blocks, which the store deletes only when no other record of the repo still uses
 * them), the record ops, and the events to log with it.
 */
public record PreparedCommit(Cid commit, Cid data, String rev, BlockMap newBlocks, Set<Cid> removedBlocks,
                             List<RecordOp> ops, List<EventSource> events) {
    public PreparedCommit {
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(rev, "rev");
        Objects.requireNonNull(newBlocks, "newBlocks");
        removedBlocks = Set.copyOf(removedBlocks);
        ops = List.copyOf(ops);
        events = List.copyOf(events);
        if (!newBlocks.contains(commit)) {
            throw new IllegalArgumentException("the commit block " + commit + " is not among the new blocks");
        }
    }
}
