package dev.pds.core.store;

import java.util.List;

/**
 * The newest records of one collection written after a given rev, newest rkey first, and
 * whether the scan met a record written at or before that rev (so the rev is within this
 * repo's history, not from before an import or from another server).
 */
public record RecordsSince(List<RevisedRecord> records, boolean olderSeen) {
    public RecordsSince {
        records = List.copyOf(records);
    }
}
