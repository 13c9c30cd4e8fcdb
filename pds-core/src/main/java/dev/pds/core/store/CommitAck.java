package dev.pds.core.store;

import dev.pds.core.data.Cid;
import dev.pds.core.syntax.Did;

/** A durable commit: the repo's new commit and rev, and the sequence numbers of its events. */
public record CommitAck(Did did, Cid commit, String rev, long[] seqs) {
    /** The sequence number of the commit's first event, or 0 when it had none. */
    public long seq() {
        return seqs.length == 0 ? 0 : seqs[0];
    }
}
