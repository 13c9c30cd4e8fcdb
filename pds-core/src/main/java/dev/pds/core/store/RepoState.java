package dev.pds.core.store;

import dev.pds.core.block.BlockSource;

/**
 * A repo as its next commit must see it: the head of its latest accepted commit (null before
 * the first commit) and its blocks, including those of commits accepted but still waiting for
 * their sync, so that commits to one repo pipeline behind a slow disk.
 */
public record RepoState(RepoHead head, BlockSource blocks) {
    public boolean exists() {
        return head != null;
    }
}
