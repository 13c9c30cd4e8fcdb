package dev.pds.core.store;

import dev.pds.core.block.BlockSource;
import dev.pds.core.repo.CommitResult;

/**
 * Table changes that belong to a commit (blob references of the records it writes, for
 * instance), built from what the commit changed on the writer's thread under the repo's lock,
 * and written in the commit's own batch: both become durable, or neither.
 */
@FunctionalInterface
public interface CommitTableWrites {
    TableWrites of(CommitResult result);

    /**
     * As {@link #of(CommitResult)}, given also the repo's blocks as they were before this commit
     * (commits still waiting for their write included), so that the records an update or
     * delete replaced can be read by their {@code prev} CID (to drop their blob references).
     */
    default TableWrites of(CommitResult result, BlockSource before) {
        return of(result);
    }

    CommitTableWrites NONE = result -> TableWrites.create();
}
