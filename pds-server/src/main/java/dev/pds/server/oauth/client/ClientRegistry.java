package dev.pds.server.oauth.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.ECKey;
import dev.pds.core.error.XrpcException;
import dev.pds.server.oauth.OAuthException;
import dev.pds.server.xrpc.XrpcJson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds clients by {@code client_id}: loopback clients from their id alone, discoverable ones
 * by fetching and checking their metadata (and JWKS) with the {@link SafeFetcher}. Checked
 * metadata is kept for ten minutes, a bound that also limits how long a key the client removed
 * from its JWKS is still accepted; a failed fetch is not cached.
 */
public final class ClientRegistry {
    static final Duration TTL = Duration.ofMinutes(10);
    static final int MAX_CACHED = 1000;

    private final SafeFetcher fetcher;
    private final boolean devMode;
    private final Clock clock;
    private final Map<String, Cached> cache = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
            return size() > MAX_CACHED;
        }
    };

    private record Cached(ClientMetadata metadata, Instant until) {
    }

    public ClientRegistry(SafeFetcher fetcher, boolean devMode, Clock clock) {
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.devMode = devMode;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** @throws OAuthException invalid_client or invalid_client_metadata */
    public ClientMetadata get(String clientId) {
        ClientId id = ClientId.parse(clientId, devMode);
        if (id.isLoopback()) {
            return ClientMetadata.loopback(id);
        }
        Instant now = clock.instant();
        synchronized (cache) {
            Cached hit = cache.get(id.value());
            if (hit != null && hit.until().isAfter(now)) {
                return hit.metadata();
            }
        }
        ClientMetadata fresh = fetch(id);
        synchronized (cache) {
            cache.put(id.value(), new Cached(fresh, now.plus(TTL)));
        }
        return fresh;
    }

    private ClientMetadata fetch(ClientId id) {
        JsonNode doc = json(fetcher.fetchJson(id.value()), id.value());
        Optional<List<ECKey>> keys = Optional.empty();
        JsonNode jwksUri = doc.get("jwks_uri");
        if (jwksUri != null && jwksUri.isTextual() && "private_key_jwt".equals(doc.path("token_endpoint_auth_method").asText())) {
            ClientMetadataParser.httpsUrl(jwksUri.asText(), "jwks_uri");
            keys = Optional.of(ClientMetadataParser.parseJwks(json(fetcher.fetchJson(jwksUri.asText()), jwksUri.asText())));
        }
        return ClientMetadataParser.parse(id, doc, keys);
    }

    private static JsonNode json(byte[] body, String url) {
        try {
            return XrpcJson.parse(body);
        } catch (XrpcException e) {
            throw OAuthException.invalidClientMetadata("The document at " + url + " is not valid JSON");
        }
    }
}
