package dev.pds.server.oauth.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.server.http.RouteRequest;
import dev.pds.server.oauth.OAuthException;
import dev.pds.server.oauth.OAuthServer;
import dev.pds.server.oauth.client.ClientAuth;
import dev.pds.server.oauth.client.ClientMetadata;
import dev.pds.server.oauth.dpop.DpopProof;
import dev.pds.server.oauth.request.AuthorizationRequest;
import dev.pds.server.oauth.request.ParParameters;
import dev.pds.server.oauth.request.PendingRequest;
import dev.pds.server.oauth.request.RequestStore;
import dev.pds.server.xrpc.XrpcJson;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /oauth/par} (RFC 9126): the client pushes its authorization request and gets a
 * {@code request_uri} to send the user's browser to. The DPoP proof is checked first (cheap,
 * and a missing nonce is the usual first answer), then the client's metadata is fetched and
 * its authentication checked, then the parameters.
 */
final class ParEndpoint {
    private final OAuthServer oauth;

    ParEndpoint(OAuthServer oauth) {
        this.oauth = oauth;
    }

    FullHttpResponse handle(RouteRequest request) {
        Map<String, String> params = FormBody.parse(request);
        String clientId = params.get("client_id");
        if (clientId == null) {
            throw OAuthException.invalidClient("client_id is required");
        }
        DpopProof proof = oauth.dpop().verify(request.headerValues("dpop"), request.method(), oauth.endpoints().par(), null);
        ClientMetadata client = oauth.clients().get(clientId);
        ClientAuth auth = oauth.clientAuth().authenticate(client, Optional.ofNullable(params.get("client_assertion_type")),
                Optional.ofNullable(params.get("client_assertion")));
        AuthorizationRequest checked = ParParameters.check(params, client, auth, proof, oauth.permissionSets());
        PendingRequest pending = oauth.requests().create(checked);
        ObjectNode body = XrpcJson.object();
        body.put("request_uri", pending.requestUri());
        body.put("expires_in", RequestStore.REQUEST_LIFETIME.toSeconds() - 1);
        return OAuthJson.ok(HttpResponseStatus.CREATED, body);
    }
}
