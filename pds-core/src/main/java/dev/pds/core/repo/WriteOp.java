package dev.pds.core.repo;

import dev.pds.core.data.Cid;
import dev.pds.core.data.DataMap;
import dev.pds.core.data.DataString;
import dev.pds.core.error.XrpcException;
import java.util.Objects;

/**
 * One record write of a batch. {@code swap} is the compare-and-swap on the current record:
 * null means no check; a {@link Swap} with a null CID means the record must not exist; a CID
 * means the record must currently have exactly that CID.
 */
public record WriteOp(WriteAction action, String collection, String rkey, DataMap record, Swap swap) {
    /** The expected current record CID, null meaning "must not exist". */
    public record Swap(Cid expected) {
    }

    public WriteOp {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(collection, "collection");
        Objects.requireNonNull(rkey, "rkey");
        if ((action == WriteAction.DELETE) != (record == null)) {
            throw new IllegalArgumentException(action.lexName() + " " + (record == null ? "needs" : "takes no") + " record");
        }
        // the data model requires it; it also keeps record blocks apart from MST nodes and commits,
        // whose maps never have it, so a commit's superseded nodes need no record reference check
        if (record != null && !(record.get("$type") instanceof DataString)) {
            throw XrpcException.invalidRequest("Invalid record: $type must be a string");
        }
    }

    public static WriteOp create(String collection, String rkey, DataMap record) {
        return new WriteOp(WriteAction.CREATE, collection, rkey, Objects.requireNonNull(record, "record"), null);
    }

    public static WriteOp update(String collection, String rkey, DataMap record) {
        return new WriteOp(WriteAction.UPDATE, collection, rkey, Objects.requireNonNull(record, "record"), null);
    }

    public static WriteOp delete(String collection, String rkey) {
        return new WriteOp(WriteAction.DELETE, collection, rkey, null, null);
    }

    /** This write, succeeding only if the current record has CID {@code expected} (null: does not exist). */
    public WriteOp withSwapRecord(Cid expected) {
        return new WriteOp(action, collection, rkey, record, new Swap(expected));
    }

    /** The repo path {@code <collection>/<rkey>}, which is the MST key. */
    public String path() {
        return collection + "/" + rkey;
    }
}
