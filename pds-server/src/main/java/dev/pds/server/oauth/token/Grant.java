package dev.pds.server.oauth.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.server.oauth.client.ClientAuth;
import dev.pds.server.xrpc.XrpcJson;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a user granted an app: one OAuth session, from the code exchange until it ends or is
 * revoked. It holds the current access token's id and the hash of the one live refresh token;
 * each refresh replaces both.
 *
 * @param id            stable id of the session
 * @param scope         the scopes granted, permission sets expanded (what access tokens carry)
 * @param dpopJkt       the DPoP key every token of this session is bound to
 * @param accessJti     the id of the one access token currently valid
 * @param refreshHash   SHA-256 of the current refresh token (base64url), empty for clients without refresh
 * @param createdAt     start of the session (bounds its total lifetime)
 * @param refreshedAt   last code exchange or refresh (bounds the refresh token's lifetime)
 * @param accessExpires expiry of the current access token
 */
public record Grant(String id, String did, String clientId, ClientAuth clientAuth, String scope, String dpopJkt,
        String accessJti, Optional<String> refreshHash, String code, Optional<String> deviceId, Instant createdAt,
        Instant refreshedAt, Instant accessExpires) {

    public Grant {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(scope, "scope");
    }

    Grant rotated(String newJti, Optional<String> newRefreshHash, Instant now, Instant expires, ClientAuth auth) {
        return new Grant(id, did, clientId, auth, scope, dpopJkt, newJti, newRefreshHash, code, deviceId, createdAt, now,
                expires);
    }

    ObjectNode toJson() {
        ObjectNode o = XrpcJson.object();
        o.put("did", did);
        o.put("clientId", clientId);
        o.set("clientAuth", clientAuth.toJson());
        o.put("scope", scope);
        o.put("dpopJkt", dpopJkt);
        o.put("accessJti", accessJti);
        refreshHash.ifPresent(h -> o.put("refreshHash", h));
        o.put("code", code);
        deviceId.ifPresent(d -> o.put("deviceId", d));
        o.put("createdAt", createdAt.toString());
        o.put("refreshedAt", refreshedAt.toString());
        o.put("accessExpires", accessExpires.toString());
        return o;
    }

    static Grant fromJson(String id, JsonNode o) {
        return new Grant(id, o.get("did").asText(), o.get("clientId").asText(), ClientAuth.fromJson(o.get("clientAuth")),
                o.get("scope").asText(), o.get("dpopJkt").asText(), o.get("accessJti").asText(),
                Optional.ofNullable(o.get("refreshHash")).map(JsonNode::asText), o.get("code").asText(),
                Optional.ofNullable(o.get("deviceId")).map(JsonNode::asText), Instant.parse(o.get("createdAt").asText()),
                Instant.parse(o.get("refreshedAt").asText()), Instant.parse(o.get("accessExpires").asText()));
    }
}
