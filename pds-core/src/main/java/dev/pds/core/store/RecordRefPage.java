package dev.pds.core.store;

import dev.pds.core.data.Cid;
import java.util.List;
import java.util.Objects;

/**
 * One page of {@code listRecords} from the record index alone: each record's key and CID, not
 * its bytes, for callers that may already hold what they need of a record by its CID.
 * {@code cursor} is as in {@link RecordPage}.
 */
public record RecordRefPage(String collection, List<String> rkeys, List<Cid> cids, String cursor) {
    public RecordRefPage {
        Objects.requireNonNull(collection, "collection");
        rkeys = List.copyOf(rkeys);
        cids = List.copyOf(cids);
        if (rkeys.size() != cids.size()) {
            throw new IllegalArgumentException("one CID per record key");
        }
    }

    public int size() {
        return rkeys.size();
    }
}
