package dev.pds.core.store;

import dev.pds.core.data.Cid;
import dev.pds.core.repo.CommitResult;
import dev.pds.core.repo.RepoOp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Translates the repo layer's {@link CommitResult} into the store's {@link PreparedCommit}. */
final class CommitResults {
    private CommitResults() {
    }

    static PreparedCommit toPrepared(CommitResult r, List<EventSource> events) {
        List<RecordOp> ops = new ArrayList<>(r.ops().size());
        for (RepoOp op : r.ops()) {
            int slash = op.path().indexOf('/');
            if (slash < 0) {
                throw new IllegalArgumentException("record path without a collection: " + op.path());
            }
            ops.add(new RecordOp(op.path().substring(0, slash), op.path().substring(slash + 1), op.cid(), op.prev()));
        }
        // record candidates and plain nodes go together: the planner counts references for every CID an op names
        Set<Cid> removed = new HashSet<>(r.removedCids());
        removed.addAll(r.removedRecordCandidates());
        return new PreparedCommit(r.cid(), r.data(), r.rev(), r.newBlocks(), removed, ops, events);
    }
}
