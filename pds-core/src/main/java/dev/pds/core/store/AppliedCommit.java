package dev.pds.core.store;

import dev.pds.core.repo.CommitResult;

/** A durable commit built by the repo layer: what it changed, and its events' sequence numbers. */
public record AppliedCommit(CommitResult result, long[] seqs) {
    /** The sequence number of the commit's first event, or 0 when it had none. */
    public long seq() {
        return seqs.length == 0 ? 0 : seqs[0];
    }
}
