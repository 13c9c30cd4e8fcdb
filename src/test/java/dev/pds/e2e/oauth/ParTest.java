package dev.pds.e2e.oauth;

import static dev.pds.e2e.oauth.OAuthClient.error;
import static dev.pds.e2e.oauth.OAuthClient.json;
import static dev.pds.e2e.oauth.OAuthClient.parParams;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.e2e.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PAR endpoint with DPoP: nonces, proof checks, parameter checks, for a loopback client. */
class ParTest {
    static final String PAR = "/oauth/par";

    @TempDir
    Path data;

    static void assertOAuthError(HttpResponse<String> r, int status, String error, String descriptionPart) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals(error, error(r), r.body());
        String description = json(r).path("error_description").asText();
        assertTrue(description.contains(descriptionPart), "'" + description + "' should mention '" + descriptionPart + "'");
        assertTrue(r.headers().firstValue("dpop-nonce").isPresent(), "every answer carries a nonce");
        assertEquals("no-store", r.headers().firstValue("cache-control").orElse(""));
    }

    @Test
    void firstProofWithoutNonceGetsOneThenTheRequestIsAccepted() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            OAuthClient c = new OAuthClient(pds);
            Map<String, String> params = parParams(OAuthClient.LOOPBACK_ID, new OAuthClient.Pkce());
            HttpResponse<String> first = c.postRaw(PAR, params, c.key.proof("POST", c.issuer + PAR, null, null));
            assertOAuthError(first, 400, "use_dpop_nonce", "nonce");
            String nonce = first.headers().firstValue("dpop-nonce").orElseThrow();
            assertEquals(43, nonce.length());

            HttpResponse<String> second = c.postRaw(PAR, params, c.key.proof("POST", c.issuer + PAR, nonce, null));
            assertEquals(201, second.statusCode(), second.body());
            String uri = json(second).get("request_uri").asText();
            assertTrue(uri.startsWith("urn:ietf:params:oauth:request_uri:req-"), uri);
            assertTrue(json(second).get("expires_in").asInt() > 200);
            assertEquals("*", second.headers().firstValue("access-control-allow-origin").orElse(""));
        }
    }

    @Test
    void badProofsAreRefused() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            OAuthClient c = new OAuthClient(pds);
            c.post(PAR, parParams(OAuthClient.LOOPBACK_ID, new OAuthClient.Pkce()));
            String n = c.nonce;
            Map<String, String> p = parParams(OAuthClient.LOOPBACK_ID, new OAuthClient.Pkce());

            assertOAuthError(c.postRaw(PAR, p, null), 401, "invalid_dpop_proof", "DPoP is required");
            assertOAuthError(c.postRaw(PAR, p, c.key.proof("POST", c.issuer + "/oauth/token", n, null)), 401,
                    "invalid_dpop_proof", "htu");
            assertOAuthError(c.postRaw(PAR, p, c.key.proof("GET", c.issuer + PAR, n, null)), 401, "invalid_dpop_proof",
                    "htm");
            assertOAuthError(c.postRaw(PAR, p, c.key.proof("POST", c.issuer + PAR, "c3RhbGUtb3ItZm9yZ2VkLW5vbmNlLXZhbHVlLTEyMzQ1", null)),
                    400, "use_dpop_nonce", "nonce");
            assertOAuthError(c.postRaw(PAR, p, c.key.proof("POST", c.issuer + PAR, n, "some-token")), 401,
                    "invalid_dpop_proof", "ath");
            assertOAuthError(c.postRaw(PAR, p, c.key.proof("POST", c.issuer + PAR, n, null,
                    Instant.now().minusSeconds(600), "old-proof")), 401, "invalid_dpop_proof", "too long ago");
            assertOAuthError(c.postRaw(PAR, p, "not.a.jwt"), 401, "invalid_dpop_proof", "JWT");

            // the same proof twice: the second is a replay, even for another request
            String proof = c.key.proof("POST", c.issuer + PAR, n, null);
            assertEquals(201, c.postRaw(PAR, p, proof).statusCode());
            Map<String, String> other = parParams(OAuthClient.LOOPBACK_ID, new OAuthClient.Pkce());
            assertOAuthError(c.postRaw(PAR, other, proof), 401, "invalid_dpop_proof", "replayed");

            // a query string in the request URL does not change the htu that is compared
            assertEquals(201, c.postRaw(PAR, other, c.key.proof("POST", c.issuer + PAR + "?x=1", n, null)).statusCode());
        }
    }

    @Test
    void badParametersAreRefusedWithTheirErrors() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            OAuthClient c = new OAuthClient(pds);
            check(c, p -> p.remove("code_challenge"), 400, "invalid_request", "PKCE");
            check(c, p -> p.put("code_challenge_method", "plain"), 400, "invalid_request", "S256");
            check(c, p -> p.put("code_challenge", "short"), 400, "invalid_request", "43");
            check(c, p -> p.remove("state"), 400, "invalid_request", "state");
            check(c, p -> p.put("response_type", "token"), 400, "unsupported_response_type", "code");
            check(c, p -> p.put("redirect_uri", "https://evil.example.com/cb"), 400, "invalid_request", "not registered");
            check(c, p -> p.put("redirect_uri", "http://127.0.0.1/other"), 400, "invalid_request", "not registered");
            check(c, p -> p.put("scope", "transition:generic"), 400, "invalid_scope", "atproto");
            check(c, p -> p.put("scope", "atproto transition:chat.bsky"), 400, "invalid_scope", "not declared");
            check(c, p -> p.put("scope", "atproto repo:not-an-nsid"), 400, "invalid_scope", "repo:not-an-nsid");
            check(c, p -> p.put("prompt", "create"), 400, "invalid_request", "prompt");
            check(c, p -> p.put("request", "eyJ..."), 400, "request_not_supported", "JAR");
            check(c, p -> p.put("client_id", "http://localhost:8080/"), 400, "invalid_client", "path");
            check(c, p -> p.put("client_id", "http://localhost/callback"), 400, "invalid_client", "no path");
            check(c, p -> p.put("client_id", "http://localhost?redirect_uri=http%3A%2F%2Flocalhost%2Fcb"), 400,
                    "invalid_client", "127.0.0.1");
            check(c, p -> p.remove("client_id"), 400, "invalid_client", "client_id");

            // a loopback redirect matches whatever port the app listens on (RFC 8252)
            Map<String, String> ok = parParams(OAuthClient.LOOPBACK_ID, new OAuthClient.Pkce());
            ok.put("redirect_uri", "http://127.0.0.1:53682/callback");
            assertEquals(201, c.post(PAR, ok).statusCode());

            // a PKCE challenge is good for one request only
            OAuthClient.Pkce pkce = new OAuthClient.Pkce();
            assertEquals(201, c.post(PAR, parParams(OAuthClient.LOOPBACK_ID, pkce)).statusCode());
            assertOAuthError(c.post(PAR, parParams(OAuthClient.LOOPBACK_ID, pkce)), 400, "invalid_request", "code_challenge");

            // JSON bodies are accepted too; other content types are not
            HttpResponse<String> text = c.pds.http.send(c.pds.request(PAR).header("Content-Type", "text/plain")
                    .header("DPoP", c.key.proof("POST", c.issuer + PAR, c.nonce, null))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertOAuthError(text, 400, "invalid_request", "Content-Type");
            assertEquals(405, c.pds.get(PAR).statusCode());
        }
    }

    private static void check(OAuthClient c, Consumer<Map<String, String>> change, int status, String error, String part)
            throws Exception {
        Map<String, String> p = parParams(OAuthClient.LOOPBACK_ID, new OAuthClient.Pkce());
        change.accept(p);
        assertOAuthError(c.post(PAR, p), status, error, part);
    }
}
