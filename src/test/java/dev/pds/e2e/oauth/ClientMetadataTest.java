package dev.pds.e2e.oauth;

import static dev.pds.e2e.oauth.OAuthClient.json;
import static dev.pds.e2e.oauth.ParTest.assertOAuthError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.pds.crypto.Curve;
import dev.pds.crypto.Keypair;
import dev.pds.crypto.jwk.Jwks;
import dev.pds.crypto.jwt.JwtSigner;
import dev.pds.e2e.TestServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Discoverable clients: metadata fetched from the client_id URL and checked field by field,
 * the fetch itself refused when unsafe, and confidential clients with private_key_jwt.
 */
class ClientMetadataTest {
    static final String PAR = "/oauth/par";

    @TempDir
    Path data;

    static ObjectNode nativeMetadata(String clientId) {
        ObjectNode m = OAuthClient.JSON.createObjectNode();
        m.put("client_id", clientId);
        m.put("application_type", "native");
        m.putArray("grant_types").add("authorization_code").add("refresh_token");
        m.putArray("response_types").add("code");
        m.putArray("redirect_uris").add("http://127.0.0.1/callback");
        m.put("scope", "atproto transition:generic");
        m.put("token_endpoint_auth_method", "none");
        m.put("dpop_bound_access_tokens", true);
        m.put("client_name", "Test App");
        return m;
    }

    @Test
    void discoverableClientMetadataIsFetchedAndEveryFieldChecked() throws Exception {
        try (TestServer pds = TestServer.start(data); MetadataHost host = new MetadataHost()) {
            OAuthClient c = new OAuthClient(pds);
            String id = host.url("/client-metadata.json");
            host.json("/client-metadata.json", nativeMetadata(id).toString());
            assertEquals(201, c.post(PAR, OAuthClient.parParams(id, new OAuthClient.Pkce())).statusCode());

            refused(c, host, "/wrong-id.json", m -> m.put("client_id", "https://other.example.com/meta.json"), "client_id");
            refused(c, host, "/no-dpop.json", m -> m.put("dpop_bound_access_tokens", false), "dpop_bound_access_tokens");
            refused(c, host, "/no-dpop2.json", m -> m.remove("dpop_bound_access_tokens"), "dpop_bound_access_tokens");
            refused(c, host, "/no-atproto.json", m -> m.put("scope", "transition:generic"), "atproto");
            refused(c, host, "/no-code.json", m -> m.putArray("grant_types").add("refresh_token"), "authorization_code");
            refused(c, host, "/implicit.json", m -> ((ArrayNode) m.get("grant_types")).add("implicit"), "implicit");
            refused(c, host, "/web-loopback.json", m -> m.put("application_type", "web"), "native");
            refused(c, host, "/localhost.json", m -> m.putArray("redirect_uris").add("http://localhost/cb"), "localhost");
            refused(c, host, "/http.json", m -> m.putArray("redirect_uris").add("http://app.example.com/cb"), "http");
            refused(c, host, "/scheme.json", m -> m.putArray("redirect_uris").add("com.evil.app:/cb"), "reversed");
            refused(c, host, "/noredirect.json", m -> m.putArray("redirect_uris"), "redirect_uris");
            refused(c, host, "/badtype.json", m -> m.put("scope", 5), "scope");
            refused(c, host, "/secret.json", m -> m.put("token_endpoint_auth_method", "client_secret_basic"),
                    "token_endpoint_auth_method");
            refused(c, host, "/bad-logo.json", m -> m.put("logo_uri", "http://example.com/logo.png"), "logo_uri");

            // the fetch: status 200, JSON content type, size limit, no redirects
            host.put("/redirect.json", new MetadataHost.Doc(302, "application/json", new byte[0],
                    Map.of("Location", id)));
            host.put("/html.json", new MetadataHost.Doc(200, "text/html", "<html>".getBytes(StandardCharsets.UTF_8), Map.of()));
            host.put("/huge.json", new MetadataHost.Doc(200, "application/json", new byte[200_000], Map.of()));
            host.put("/garbage.json", new MetadataHost.Doc(200, "application/json", "{nope".getBytes(StandardCharsets.UTF_8),
                    Map.of()));
            fetchRefused(c, host.url("/redirect.json"), "302");
            fetchRefused(c, host.url("/html.json"), "content type");
            fetchRefused(c, host.url("/huge.json"), "larger");
            fetchRefused(c, host.url("/garbage.json"), "JSON");
            fetchRefused(c, host.url("/missing.json"), "404");
        }
    }

    @Test
    void outsideDevModeOnlyPublicHttpsClientIdsAreFetched() throws Exception {
        Map<String, String> env = Map.of("PDS_DEV_MODE", "false", "PDS_INVITE_REQUIRED", "false",
                "PDS_DID_PLC_URL", "http://127.0.0.1:9");
        try (TestServer pds = TestServer.start(data, env, List.of(), List.of()); MetadataHost host = new MetadataHost()) {
            OAuthClient c = new OAuthClient(pds);
            String id = host.url("/client-metadata.json");
            host.json("/client-metadata.json", nativeMetadata(id).toString());
            assertOAuthError(c.post(PAR, OAuthClient.parParams(id, new OAuthClient.Pkce())), 400, "invalid_client", "https");
            // a name that resolves to loopback is never fetched
            assertOAuthError(c.post(PAR, OAuthClient.parParams("https://localhost/client-metadata.json",
                    new OAuthClient.Pkce())), 400, "invalid_client_metadata", "non-public");
            assertOAuthError(c.post(PAR, OAuthClient.parParams("https://127.0.0.1/client-metadata.json",
                    new OAuthClient.Pkce())), 400, "invalid_client", "IP address");
            assertOAuthError(c.post(PAR, OAuthClient.parParams("https://app.example.com:8443/meta.json",
                    new OAuthClient.Pkce())), 400, "invalid_client", "port");
            // loopback development clients work in production too
            assertEquals(201, c.post(PAR, OAuthClient.parParams(OAuthClient.LOOPBACK_ID, new OAuthClient.Pkce())).statusCode());
        }
    }

    @Test
    void confidentialClientsAuthenticateWithPrivateKeyJwt() throws Exception {
        try (TestServer pds = TestServer.start(data); MetadataHost host = new MetadataHost()) {
            OAuthClient c = new OAuthClient(pds);
            Keypair clientKey = Keypair.generate(Curve.P256);
            String id = host.url("/confidential.json");
            ObjectNode m = nativeMetadata(id);
            m.put("application_type", "web");
            m.putArray("redirect_uris").add("https://app.example.com/callback");
            m.put("token_endpoint_auth_method", "private_key_jwt");
            m.put("token_endpoint_auth_signing_alg", "ES256");
            ObjectNode jwk = OAuthClient.JSON.readValue(Jwks.publicJwk(clientKey.publicKey()).toJSONString(), ObjectNode.class);
            jwk.put("kid", "key-1");
            m.putObject("jwks").putArray("keys").add(jwk);
            host.json("/confidential.json", m.toString());

            Map<String, String> p = OAuthClient.parParams(id, new OAuthClient.Pkce());
            p.put("redirect_uri", "https://app.example.com/callback");
            assertOAuthError(c.post(PAR, p), 400, "invalid_client", "private_key_jwt");

            String jti = UUID.randomUUID().toString();
            p.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
            p.put("client_assertion", assertion(clientKey, "key-1", id, c.issuer, jti, Instant.now()));
            HttpResponse<String> ok = c.post(PAR, p);
            assertEquals(201, ok.statusCode(), ok.body());

            // replayed assertion, wrong key, wrong audience, stale assertion
            p.put("code_challenge", new OAuthClient.Pkce().challenge);
            assertOAuthError(c.post(PAR, p), 400, "invalid_client", "already used");
            p.put("client_assertion", assertion(Keypair.generate(Curve.P256), "key-1", id, c.issuer, "j2", Instant.now()));
            assertOAuthError(c.post(PAR, p), 400, "invalid_client", "signature");
            p.put("client_assertion", assertion(clientKey, "key-1", id, "https://other.example.com", "j3", Instant.now()));
            assertOAuthError(c.post(PAR, p), 400, "invalid_client", "audience");
            p.put("client_assertion", assertion(clientKey, "key-1", id, c.issuer, "j4", Instant.now().minusSeconds(600)));
            assertOAuthError(c.post(PAR, p), 400, "invalid_client", "expired");
            p.put("client_assertion", assertion(clientKey, "other-kid", id, c.issuer, "j5", Instant.now()));
            assertOAuthError(c.post(PAR, p), 400, "invalid_client", "kid");
        }
    }

    static String assertion(Keypair key, String kid, String clientId, String aud, String jti, Instant iat) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(clientId).subject(clientId).audience(aud).jwtID(jti)
                .issueTime(Date.from(iat)).expirationTime(Date.from(iat.plusSeconds(60))).build();
        return JwtSigner.ecdsa(key).sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).build(), claims);
    }

    private static void refused(OAuthClient c, MetadataHost host, String path, Consumer<ObjectNode> change, String part)
            throws Exception {
        String id = host.url(path);
        ObjectNode m = nativeMetadata(id);
        change.accept(m);
        host.json(path, m.toString());
        HttpResponse<String> r = c.post(PAR, OAuthClient.parParams(id, new OAuthClient.Pkce()));
        assertEquals(400, r.statusCode(), r.body());
        String error = json(r).get("error").asText();
        assertEquals(true, error.equals("invalid_client_metadata") || error.equals("invalid_redirect_uri"), r.body());
        assertEquals(true, json(r).get("error_description").asText().contains(part), path + ": " + r.body());
    }

    private static void fetchRefused(OAuthClient c, String id, String part) throws Exception {
        assertOAuthError(c.post(PAR, OAuthClient.parParams(id, new OAuthClient.Pkce())), 400, "invalid_client_metadata", part);
    }
}
