package dev.pds.core.store;

import dev.pds.core.repo.CommitResult;

/**
 * Table changes that belong to a commit (blob references of the records it writes, for
 * instance), built from what the commit changed on the writer's thread under the repo's lock,
 * and written in the commit's own batch: both become durable, or neither.
 */
@FunctionalInterface
public interface CommitTableWrites {
    TableWrites of(CommitResult result);

    CommitTableWrites NONE = result -> TableWrites.create();
}
