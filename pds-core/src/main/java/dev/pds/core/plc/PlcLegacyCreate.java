package dev.pds.core.plc;

import dev.pds.core.data.DataMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The deprecated genesis format ({@code type: "create"}) that early DIDs were hashed from.
 * Only read, never made: its signature and CID cover these fields, so it stays as it is and
 * {@link #normalize()} gives the equivalent regular operation for everything else.
 */
public record PlcLegacyCreate(String signingKey, String recoveryKey, String handle, String service, String sig)
        implements PlcOp {
    public static final String TYPE = "create";

    public PlcLegacyCreate {
        Objects.requireNonNull(signingKey, "signingKey");
        Objects.requireNonNull(recoveryKey, "recoveryKey");
        Objects.requireNonNull(handle, "handle");
        Objects.requireNonNull(service, "service");
    }

    @Override
    public String prev() {
        return null;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public PlcLegacyCreate withSig(String sig) {
        return new PlcLegacyCreate(signingKey, recoveryKey, handle, service, sig);
    }

    /** The regular operation with the same meaning: rotation keys [recovery, signing]. */
    public PlcOperation normalize() {
        String endpoint = service.startsWith("http://") || service.startsWith("https://") ? service : "https://" + service;
        return new PlcOperation(List.of(recoveryKey, signingKey), Map.of(PlcOperation.ATPROTO_KEY_ID, signingKey),
                List.of(PlcOperation.atUri(handle)), Map.of(PlcService.ATPROTO_PDS_ID, PlcService.atprotoPds(endpoint)),
                null, sig);
    }

    @Override
    public DataMap unsignedData() {
        return DataMap.builder().put("type", TYPE).put("signingKey", signingKey).put("recoveryKey", recoveryKey)
                .put("handle", handle).put("service", service).putNull("prev").build();
    }
}
