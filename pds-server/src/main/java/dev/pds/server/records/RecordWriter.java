package dev.pds.server.records;

import dev.pds.core.data.Cid;
import dev.pds.core.repo.WriteOp;
import dev.pds.core.store.AppliedCommit;
import dev.pds.server.account.Account;
import dev.pds.server.repo.RepoWriter;
import java.util.List;
import java.util.Objects;

/**
 * Commits prepared record writes: the blob store checks the blobs they reference first, then
 * the batch goes through the {@link RepoWriter} as one commit whose write batch also holds the
 * blob references. All or nothing: any refusal leaves the repo as it was.
 */
public final class RecordWriter {
    private final RepoWriter writer;
    private final RecordBlobs blobs;

    public RecordWriter(RepoWriter writer, RecordBlobs blobs) {
        this.writer = Objects.requireNonNull(writer, "writer");
        this.blobs = Objects.requireNonNull(blobs, "blobs");
    }

    /** @param swapCommit the commit the repo must be at, or null for no check */
    public AppliedCommit commit(Account account, List<PreparedWrite> writes, Cid swapCommit) {
        List<WriteOp> ops = writes.stream().map(PreparedWrite::op).toList();
        return writer.apply(account, ops, swapCommit, blobs.prepare(account.did(), writes));
    }
}
