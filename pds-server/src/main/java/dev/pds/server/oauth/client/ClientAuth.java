package dev.pds.server.oauth.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.server.xrpc.XrpcJson;
import java.util.Optional;

/**
 * How a client authenticated a request: {@code none}, or {@code private_key_jwt} with the key
 * it used (kid, alg, thumbprint). A session stays bound to the key that started it.
 */
public record ClientAuth(String method, Optional<String> kid, Optional<String> alg, Optional<String> jkt) {
    public static final ClientAuth NONE = new ClientAuth(ClientMetadata.NONE, Optional.empty(), Optional.empty(),
            Optional.empty());

    public boolean sameKeyAs(ClientAuth other) {
        return method.equals(other.method) && kid.equals(other.kid) && alg.equals(other.alg) && jkt.equals(other.jkt);
    }

    public ObjectNode toJson() {
        ObjectNode o = XrpcJson.object();
        o.put("method", method);
        kid.ifPresent(v -> o.put("kid", v));
        alg.ifPresent(v -> o.put("alg", v));
        jkt.ifPresent(v -> o.put("jkt", v));
        return o;
    }

    public static ClientAuth fromJson(JsonNode o) {
        return new ClientAuth(o.get("method").asText(), text(o, "kid"), text(o, "alg"), text(o, "jkt"));
    }

    private static Optional<String> text(JsonNode o, String field) {
        return Optional.ofNullable(o.get(field)).map(JsonNode::asText);
    }
}
