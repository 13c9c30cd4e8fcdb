package dev.pds.core.store;

import java.util.Objects;

/** A record with the rev (a TID) of the commit that wrote its current value. */
public record RevisedRecord(StoredRecord record, String rev) {
    public RevisedRecord {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(rev, "rev");
    }
}
