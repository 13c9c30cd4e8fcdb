package dev.pds.core.store;

import java.util.List;

/**
 * One page of {@code listRecords}; {@code cursor} is the rkey of the last record on the page,
 * or null when the page ended the collection.
 */
public record RecordPage(List<StoredRecord> records, String cursor) {
    public RecordPage {
        records = List.copyOf(records);
    }
}
