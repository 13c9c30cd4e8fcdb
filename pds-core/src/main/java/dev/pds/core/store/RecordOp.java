package dev.pds.core.store;

import dev.pds.core.data.Cid;
import dev.pds.core.syntax.Nsid;
import dev.pds.core.syntax.RecordKey;
import java.util.Objects;

/**
 * One record change of a commit, as the record index and the reference counts need it:
 * a create has no {@code prev}, a delete no {@code cid}, an update both.
 */
public record RecordOp(String collection, String rkey, Cid cid, Cid prev) {
    public RecordOp {
        Objects.requireNonNull(collection, "collection");
        Objects.requireNonNull(rkey, "rkey");
        // the key encoding relies on both being plain ASCII without 0x00
        if (!Nsid.isValid(collection) || !RecordKey.isValid(rkey)) {
            throw new IllegalArgumentException("not a record path: " + collection + "/" + rkey);
        }
        if (cid == null && prev == null) {
            throw new IllegalArgumentException("a record op needs a new CID, a previous CID, or both");
        }
    }

    public static RecordOp create(String collection, String rkey, Cid cid) {
        return new RecordOp(collection, rkey, Objects.requireNonNull(cid, "cid"), null);
    }

    public static RecordOp update(String collection, String rkey, Cid cid, Cid prev) {
        return new RecordOp(collection, rkey, Objects.requireNonNull(cid, "cid"), Objects.requireNonNull(prev, "prev"));
    }

    public static RecordOp delete(String collection, String rkey, Cid prev) {
        return new RecordOp(collection, rkey, null, Objects.requireNonNull(prev, "prev"));
    }
}
