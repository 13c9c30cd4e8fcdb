package dev.pds.core.store;

import dev.pds.core.data.Cid;
import java.util.Objects;

/** A record as stored: its rkey, its CID, and its DAG-CBOR bytes (not to be mutated). */
public record StoredRecord(String collection, String rkey, Cid cid, byte[] bytes) {
    public StoredRecord {
        Objects.requireNonNull(collection, "collection");
        Objects.requireNonNull(rkey, "rkey");
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(bytes, "bytes");
    }
}
