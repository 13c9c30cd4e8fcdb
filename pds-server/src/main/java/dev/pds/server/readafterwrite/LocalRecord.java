package dev.pds.server.readafterwrite;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * A record of the caller's written here and maybe not yet seen by the app view: its URI, CID,
 * the time it was written (read from the writing commit's rev, a TID) and its JSON value.
 */
public record LocalRecord(String uri, String cid, Instant indexedAt, JsonNode value) {
    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    public LocalRecord {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(indexedAt, "indexedAt");
        Objects.requireNonNull(value, "value");
    }

    /** {@link #indexedAt} as views carry it (JavaScript's {@code toISOString}, so strings sort as times). */
    public String indexedAtText() {
        return ISO_MILLIS.format(indexedAt);
    }
}
