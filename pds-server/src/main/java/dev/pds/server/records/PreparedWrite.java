package dev.pds.server.records;

import dev.pds.core.data.BlobRef;
import dev.pds.core.data.Cid;
import dev.pds.core.lexicon.ValidationStatus;
import dev.pds.core.repo.WriteAction;
import dev.pds.core.repo.WriteOp;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One record write, checked and ready to commit: the repo-layer operation, the validation
 * status to answer with (empty when validation was skipped), and the blobs its record
 * references (empty for deletes), which must exist before the commit.
 */
public record PreparedWrite(WriteOp op, Optional<ValidationStatus> validationStatus, List<BlobRef> blobs) {
    public PreparedWrite {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(validationStatus, "validationStatus");
        blobs = List.copyOf(blobs);
    }

    static PreparedWrite delete(String collection, String rkey) {
        return new PreparedWrite(WriteOp.delete(collection, rkey), Optional.empty(), List.of());
    }

    public WriteAction action() {
        return op.action();
    }

    public String collection() {
        return op.collection();
    }

    public String rkey() {
        return op.rkey();
    }

    /** This write, succeeding only if the record's current CID is {@code expected} (null: it must not exist). */
    public PreparedWrite withSwapRecord(Cid expected) {
        return new PreparedWrite(op.withSwapRecord(expected), validationStatus, blobs);
    }
}
