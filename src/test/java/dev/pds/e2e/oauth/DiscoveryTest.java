package dev.pds.e2e.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pds.e2e.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two OAuth discovery documents, as the atproto profile requires them. */
class DiscoveryTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    @Test
    void protectedResourceNamesOneAuthorizationServerWhichIsThisOrigin() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            HttpResponse<String> r = pds.get("/.well-known/oauth-protected-resource");
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("application/json", r.headers().firstValue("content-type").orElse(""));
            assertEquals("*", r.headers().firstValue("access-control-allow-origin").orElse(""), "browser apps read it");
            JsonNode doc = JSON.readTree(r.body());
            String origin = "http://localhost:" + pds.server.port();
            assertEquals(origin, doc.get("resource").asText());
            assertEquals(List.of(origin), strings(doc.get("authorization_servers")));
            assertEquals(List.of("header"), strings(doc.get("bearer_methods_supported")));
        }
    }

    @Test
    void authorizationServerMetadataMeetsTheAtprotoProfile() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            HttpResponse<String> r = pds.get("/.well-known/oauth-authorization-server");
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("application/json", r.headers().firstValue("content-type").orElse(""));
            JsonNode m = JSON.readTree(r.body());
            String issuer = "http://localhost:" + pds.server.port();
            assertEquals(issuer, m.get("issuer").asText(), "the issuer is the origin, no path, no trailing slash");
            assertEquals(issuer + "/oauth/authorize", m.get("authorization_endpoint").asText());
            assertEquals(issuer + "/oauth/token", m.get("token_endpoint").asText());
            assertEquals(issuer + "/oauth/par", m.get("pushed_authorization_request_endpoint").asText());
            assertEquals(issuer + "/oauth/revoke", m.get("revocation_endpoint").asText());
            assertTrue(m.get("require_pushed_authorization_requests").asBoolean());
            assertTrue(m.get("authorization_response_iss_parameter_supported").asBoolean());
            assertTrue(m.get("client_id_metadata_document_supported").asBoolean());
            assertTrue(m.get("require_request_uri_registration").asBoolean());
            assertTrue(strings(m.get("response_types_supported")).contains("code"));
            assertTrue(strings(m.get("grant_types_supported")).containsAll(List.of("authorization_code", "refresh_token")));
            assertEquals(List.of("S256"), strings(m.get("code_challenge_methods_supported")), "plain PKCE is not allowed");
            assertTrue(strings(m.get("token_endpoint_auth_methods_supported")).containsAll(List.of("none", "private_key_jwt")));
            List<String> authAlgs = strings(m.get("token_endpoint_auth_signing_alg_values_supported"));
            assertTrue(authAlgs.contains("ES256"));
            assertFalse(authAlgs.contains("none"));
            assertTrue(strings(m.get("dpop_signing_alg_values_supported")).contains("ES256"));
            assertTrue(strings(m.get("scopes_supported")).containsAll(
                    List.of("atproto", "transition:generic", "transition:chat.bsky", "transition:email")));

            HttpResponse<String> jwks = pds.get(m.get("jwks_uri").asText().substring(issuer.length()));
            assertEquals(200, jwks.statusCode());
            assertTrue(JSON.readTree(jwks.body()).get("keys").isArray());
        }
    }

    @Test
    void otherMethodsAndUnknownOauthPathsAreRefused() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            HttpResponse<String> post = pds.postJson("/.well-known/oauth-authorization-server", "{}");
            assertEquals(405, post.statusCode(), post.body());
            assertEquals("GET", post.headers().firstValue("allow").orElse(""));
            assertEquals("invalid_request", JSON.readTree(post.body()).get("error").asText());

            HttpResponse<String> unknown = pds.get("/oauth/nothing-here");
            assertEquals(404, unknown.statusCode());
            assertEquals("not_found", JSON.readTree(unknown.body()).get("error").asText());

            // the XRPC side and the banner still work beside the OAuth routes
            assertEquals(200, pds.get("/xrpc/com.atproto.server.describeServer").statusCode());
            assertEquals(200, pds.get("/").statusCode());
            HttpResponse<String> preflight = pds.http.send(pds.request("/oauth/par")
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "https://app.example.com").header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "dpop, content-type").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(204, preflight.statusCode());
            assertTrue(preflight.headers().firstValue("access-control-allow-headers").orElse("").contains("dpop"));
        }
    }
}
