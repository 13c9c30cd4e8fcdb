package dev.pds.core.plc;

import dev.pds.core.data.DataMap;
import java.util.Objects;

/** The operation that deactivates a DID for good ({@code type: "plc_tombstone"}). */
public record PlcTombstone(String prev, String sig) implements PlcOp {
    public static final String TYPE = "plc_tombstone";

    public PlcTombstone {
        Objects.requireNonNull(prev, "a tombstone always names its prev");
    }

    /** An unsigned tombstone following {@code prevCid}. */
    public static PlcTombstone after(String prevCid) {
        return new PlcTombstone(prevCid, null);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public PlcTombstone withSig(String sig) {
        return new PlcTombstone(prev, sig);
    }

    @Override
    public DataMap unsignedData() {
        return DataMap.builder().put("type", TYPE).put("prev", prev).build();
    }
}
