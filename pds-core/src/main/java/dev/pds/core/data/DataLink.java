package dev.pds.core.data;

import java.util.Objects;

/** A hash link to another node or blob (CBOR tag 42; JSON {@code {"$link": ...}}). */
public record DataLink(Cid cid) implements DataValue {
    public DataLink {
        Objects.requireNonNull(cid, "cid");
    }
}
