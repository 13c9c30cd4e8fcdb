package dev.pds.server.oauth.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.server.http.RouteRequest;
import dev.pds.server.oauth.OAuthException;
import dev.pds.server.oauth.OAuthServer;
import dev.pds.server.oauth.client.ClientAuth;
import dev.pds.server.oauth.client.ClientMetadata;
import dev.pds.server.oauth.dpop.DpopProof;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /oauth/token} and {@code POST /oauth/revoke}: the client authenticates as at PAR,
 * with a DPoP proof (required for tokens; checked when sent for revocation), then the grant
 * runs in the {@link dev.pds.server.oauth.token.TokenService}.
 */
final class TokenEndpoint {
    private final OAuthServer oauth;

    TokenEndpoint(OAuthServer oauth) {
        this.oauth = oauth;
    }

    FullHttpResponse token(RouteRequest request) {
        Map<String, String> params = FormBody.parse(request);
        String clientId = required(params, "client_id");
        String grantType = required(params, "grant_type");
        DpopProof proof = oauth.dpop().verify(request.headerValues("dpop"), request.method(), oauth.endpoints().token(),
                null);
        if (proof == null) {
            throw OAuthException.invalidDpopProof("A DPoP proof is required");
        }
        ClientMetadata client = oauth.clients().get(clientId);
        ClientAuth auth = authenticate(client, params);
        if (!client.grantTypes().contains(grantType)) {
            throw OAuthException.unauthorizedClient("Grant type " + grantType + " is not declared by this client");
        }
        ObjectNode body;
        switch (grantType) {
            case "authorization_code":
                body = oauth.tokens().exchangeCode(params, client, auth, proof);
                break;
            case "refresh_token":
                body = oauth.tokens().refresh(params, client, auth, proof);
                break;
            default:
                throw new OAuthException("unsupported_grant_type", "Grant type " + grantType + " is not supported", 400, null);
        }
        return OAuthJson.ok(HttpResponseStatus.OK, body);
    }

    FullHttpResponse revoke(RouteRequest request) {
        Map<String, String> params = FormBody.parse(request);
        String clientId = required(params, "client_id");
        String token = required(params, "token");
        oauth.dpop().verify(request.headerValues("dpop"), request.method(), oauth.endpoints().revoke(), null);
        ClientMetadata client = oauth.clients().get(clientId);
        ClientAuth auth = authenticate(client, params);
        oauth.tokens().revoke(token, client, auth);
        return OAuthJson.ok(HttpResponseStatus.OK, dev.pds.server.xrpc.XrpcJson.object());
    }

    private ClientAuth authenticate(ClientMetadata client, Map<String, String> params) {
        return oauth.clientAuth().authenticate(client, Optional.ofNullable(params.get("client_assertion_type")),
                Optional.ofNullable(params.get("client_assertion")));
    }

    private static String required(Map<String, String> params, String name) {
        String v = params.get(name);
        if (v == null || v.isEmpty()) {
            throw OAuthException.invalidRequest(name + " is required");
        }
        return v;
    }
}
