package dev.pds.core.store;

import java.util.List;

/** One page of hosted repos in DID order; {@code cursor} is the last DID, or null at the end. */
public record RepoPage(List<RepoHead> repos, String cursor) {
    public RepoPage {
        repos = List.copyOf(repos);
    }
}
