package dev.pds.server.oauth.metadata;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.server.oauth.OAuthEndpoints;
import dev.pds.server.xrpc.XrpcJson;
import java.util.List;

/**
 * The two discovery documents of the atproto OAuth profile: the protected resource metadata
 * (which authorization server speaks for this PDS) and the authorization server metadata
 * (RFC 8414, with the profile's requirements: PAR required, DPoP, PKCE S256, client ID
 * metadata documents, {@code iss} in authorization responses, {@code none} and
 * {@code private_key_jwt} client authentication). Both are built once; their bytes are served as is.
 */
public final class ServerMetadata {
    /** The static scope values this server understands; granular ones cannot be enumerated. */
    public static final List<String> SCOPES = List.of("atproto", "transition:email", "transition:generic",
            "transition:chat.bsky");
    /** JWS algorithms accepted for DPoP proofs and client assertions (pds-crypto verifies these). */
    public static final List<String> SIGNING_ALGS = List.of("ES256", "ES256K");

    private final byte[] authorizationServer;
    private final byte[] protectedResource;

    public ServerMetadata(OAuthEndpoints endpoints) {
        this.authorizationServer = XrpcJson.write(authorizationServer(endpoints));
        this.protectedResource = XrpcJson.write(protectedResource(endpoints));
    }

    /** {@code /.well-known/oauth-authorization-server}. */
    public byte[] authorizationServerJson() {
        return authorizationServer.clone();
    }

    /** {@code /.well-known/oauth-protected-resource}. */
    public byte[] protectedResourceJson() {
        return protectedResource.clone();
    }

    static ObjectNode authorizationServer(OAuthEndpoints e) {
        ObjectNode o = XrpcJson.object();
        o.put("issuer", e.issuer());
        strings(o, "scopes_supported", SCOPES);
        strings(o, "subject_types_supported", List.of("public"));
        strings(o, "response_types_supported", List.of("code"));
        strings(o, "response_modes_supported", List.of("query", "fragment"));
        strings(o, "grant_types_supported", List.of("authorization_code", "refresh_token"));
        strings(o, "code_challenge_methods_supported", List.of("S256"));
        strings(o, "ui_locales_supported", List.of("en-US"));
        strings(o, "display_values_supported", List.of("page", "popup", "touch"));
        strings(o, "prompt_values_supported", List.of("none", "login", "consent", "select_account"));
        o.put("authorization_response_iss_parameter_supported", true);
        o.put("request_parameter_supported", false);
        o.put("request_uri_parameter_supported", true);
        o.put("require_request_uri_registration", true);
        o.put("jwks_uri", e.jwks());
        o.put("authorization_endpoint", e.authorize());
        o.put("token_endpoint", e.token());
        strings(o, "token_endpoint_auth_methods_supported", List.of("none", "private_key_jwt"));
        strings(o, "token_endpoint_auth_signing_alg_values_supported", SIGNING_ALGS);
        o.put("revocation_endpoint", e.revoke());
        o.put("pushed_authorization_request_endpoint", e.par());
        o.put("require_pushed_authorization_requests", true);
        strings(o, "dpop_signing_alg_values_supported", SIGNING_ALGS);
        strings(o, "protected_resources", List.of(e.issuer()));
        o.put("client_id_metadata_document_supported", true);
        return o;
    }

    static ObjectNode protectedResource(OAuthEndpoints e) {
        ObjectNode o = XrpcJson.object();
        o.put("resource", e.issuer());
        strings(o, "authorization_servers", List.of(e.issuer()));
        strings(o, "scopes_supported", List.of());
        strings(o, "bearer_methods_supported", List.of("header"));
        o.put("resource_documentation", "https://atproto.com");
        return o;
    }

    private static void strings(ObjectNode o, String name, List<String> values) {
        ArrayNode a = o.putArray(name);
        values.forEach(a::add);
    }
}
