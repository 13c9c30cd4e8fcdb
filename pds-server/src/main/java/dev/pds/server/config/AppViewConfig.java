package dev.pds.server.config;

import java.util.Objects;

/** The app view that app.bsky.* reads are proxied to: its URL and its service DID. */
public record AppViewConfig(String url, String did) {
    public AppViewConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(did, "did");
    }
}
