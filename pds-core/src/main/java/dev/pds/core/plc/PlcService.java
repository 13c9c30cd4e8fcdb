package dev.pds.core.plc;

import java.util.Objects;

/** A service entry of a DID: its {@code type} and {@code endpoint} URL. */
public record PlcService(String type, String endpoint) {
    /** The service type of an atproto PDS under the id {@code atproto_pds}. */
    public static final String ATPROTO_PDS_TYPE = "AtprotoPersonalDataServer";
    public static final String ATPROTO_PDS_ID = "atproto_pds";

    public PlcService {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(endpoint, "endpoint");
    }

    public static PlcService atprotoPds(String endpoint) {
        return new PlcService(ATPROTO_PDS_TYPE, endpoint);
    }
}
