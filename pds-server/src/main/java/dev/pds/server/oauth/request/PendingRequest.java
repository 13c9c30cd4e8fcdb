package dev.pds.server.oauth.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.server.xrpc.XrpcJson;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An authorization request between PAR and the token exchange: bound to the browser that first
 * opened it, then to the account that approved it and the one-time code it got.
 *
 * @param id        the request id; the request_uri is {@link RequestStore#URI_PREFIX} + id
 * @param expiresAt when the request (or, once approved, its code) stops being usable
 */
public record PendingRequest(String id, AuthorizationRequest request, Instant createdAt, Instant expiresAt,
        Optional<String> deviceId, Optional<String> did, Optional<String> code) {

    public PendingRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(code, "code");
    }

    public String requestUri() {
        return RequestStore.URI_PREFIX + id;
    }

    public PendingRequest boundTo(String device, Instant newExpiry) {
        return new PendingRequest(id, request, createdAt, newExpiry, Optional.of(device), did, code);
    }

    public PendingRequest approved(String account, String newCode, Instant codeExpiry) {
        return new PendingRequest(id, request, createdAt, codeExpiry, deviceId, Optional.of(account), Optional.of(newCode));
    }

    ObjectNode toJson() {
        ObjectNode o = XrpcJson.object();
        o.set("request", request.toJson());
        o.put("createdAt", createdAt.toString());
        o.put("expiresAt", expiresAt.toString());
        deviceId.ifPresent(v -> o.put("deviceId", v));
        did.ifPresent(v -> o.put("did", v));
        code.ifPresent(v -> o.put("code", v));
        return o;
    }

    static PendingRequest fromJson(String id, JsonNode o) {
        return new PendingRequest(id, AuthorizationRequest.fromJson(o.get("request")), Instant.parse(o.get("createdAt").asText()),
                Instant.parse(o.get("expiresAt").asText()), text(o, "deviceId"), text(o, "did"), text(o, "code"));
    }

    private static Optional<String> text(JsonNode o, String field) {
        return Optional.ofNullable(o.get(field)).map(JsonNode::asText);
    }
}
