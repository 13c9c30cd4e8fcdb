package dev.pds.server.config;

import java.util.Objects;

/** A service that calls are proxied to (the app view, the moderation or report service): its URL and its DID. */
public record ServiceConfig(String url, String did) {
    public ServiceConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(did, "did");
    }
}
