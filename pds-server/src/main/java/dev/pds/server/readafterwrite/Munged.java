package dev.pds.server.readafterwrite;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/** An app view answer with the caller's unseen writes in it, and how far behind the app view was (ms). */
public record Munged(JsonNode body, long lagMillis) {
    public Munged {
        Objects.requireNonNull(body, "body");
    }
}
