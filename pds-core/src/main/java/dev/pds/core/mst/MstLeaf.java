package dev.pds.core.mst;

import dev.pds.core.data.Cid;
import java.util.Objects;

/** One key of the tree and the record CID it maps to. */
public record MstLeaf(String key, Cid value) {
    public MstLeaf {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }
}
