package dev.pds.core.store;

/**
 * Builds the next commit of a repo from its current state (the MST and signing happen here,
 * on the caller's thread). Runs while the store holds the repo's write lock, so the state it
 * sees is the state its commit replaces.
 */
@FunctionalInterface
public interface CommitPreparer {
    PreparedCommit prepare(RepoState current);
}
