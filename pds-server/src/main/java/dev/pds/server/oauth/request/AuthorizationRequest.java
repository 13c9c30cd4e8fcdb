package dev.pds.server.oauth.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.server.oauth.client.ClientAuth;
import dev.pds.server.xrpc.XrpcJson;
import java.util.Objects;
import java.util.Optional;

/**
 * The parameters of an authorization request as accepted at the PAR endpoint, with what the
 * client proved when it pushed them (its authentication and its DPoP key).
 *
 * @param redirectUri  the redirect URI, resolved against the client's registered ones
 * @param scope        the requested scopes, space separated, each one allowed by the client metadata
 * @param responseMode query or fragment
 * @param dpopJkt      the thumbprint of the DPoP key the tokens will be bound to
 */
public record AuthorizationRequest(
        String clientId,
        String redirectUri,
        String scope,
        String state,
        String codeChallenge,
        String responseMode,
        Optional<String> loginHint,
        Optional<String> prompt,
        String dpopJkt,
        ClientAuth clientAuth) {

    public AuthorizationRequest {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(redirectUri, "redirectUri");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(codeChallenge, "codeChallenge");
        Objects.requireNonNull(responseMode, "responseMode");
        Objects.requireNonNull(dpopJkt, "dpopJkt");
        Objects.requireNonNull(clientAuth, "clientAuth");
    }

    public ObjectNode toJson() {
        ObjectNode o = XrpcJson.object();
        o.put("client_id", clientId);
        o.put("redirect_uri", redirectUri);
        o.put("scope", scope);
        o.put("state", state);
        o.put("code_challenge", codeChallenge);
        o.put("response_mode", responseMode);
        loginHint.ifPresent(v -> o.put("login_hint", v));
        prompt.ifPresent(v -> o.put("prompt", v));
        o.put("dpop_jkt", dpopJkt);
        o.set("client_auth", clientAuth.toJson());
        return o;
    }

    public static AuthorizationRequest fromJson(JsonNode o) {
        return new AuthorizationRequest(o.get("client_id").asText(), o.get("redirect_uri").asText(),
                o.get("scope").asText(), o.get("state").asText(), o.get("code_challenge").asText(),
                o.get("response_mode").asText(), text(o, "login_hint"), text(o, "prompt"), o.get("dpop_jkt").asText(),
                ClientAuth.fromJson(o.get("client_auth")));
    }

    private static Optional<String> text(JsonNode o, String field) {
        return Optional.ofNullable(o.get(field)).map(JsonNode::asText);
    }
}
