package dev.pds.e2e.oauth;

import static dev.pds.e2e.oauth.OAuthClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pds.e2e.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** XRPC calls with DPoP-bound OAuth tokens: proof checks, session checks, and scopes enforced per method. */
class ResourceServerTest {
    static final String SESSION = "com.atproto.server.getSession";
    static final String CREATE = "com.atproto.repo.createRecord";
    static final String DELETE = "com.atproto.repo.deleteRecord";

    @TempDir
    Path data;

    static String post(String did, String collection, String text) {
        return "{\"repo\":\"" + did + "\",\"collection\":\"" + collection + "\",\"record\":{\"$type\":\"" + collection
                + "\",\"text\":\"" + text + "\",\"createdAt\":\"2024-01-01T00:00:00.000Z\"}}";
    }

    static void assertXrpcError(HttpResponse<String> r, int status, String error, String messagePart) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals(error, json(r).get("error").asText(), r.body());
        assertTrue(json(r).get("message").asText().contains(messagePart), r.body());
    }

    @Test
    void aTokenWorksOnXrpcWithItsProofAndNonce() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            TestServer.Session alice = pds.createAccount("alice");
            OAuthFlow flow = new OAuthFlow(pds);
            String token = flow.login("alice.test", "alice-pass").get("access_token").asText();
            OAuthClient c = flow.client;

            // a stale nonce: 401 with a DPoP challenge and a fresh nonce, then the retry works
            c.nonce = "c3RhbGUtb3ItZm9yZ2VkLW5vbmNlLXZhbHVlLTEyMzQ1";
            HttpResponse<String> stale = c.xrpcOnce("GET", SESSION, null, null, token,
                    c.key.proof("GET", c.issuer + "/xrpc/" + SESSION, c.nonce, token));
            assertXrpcError(stale, 401, "use_dpop_nonce", "nonce");
            assertTrue(stale.headers().firstValue("www-authenticate").orElse("").startsWith("DPoP error=\"use_dpop_nonce\""));
            assertTrue(stale.headers().firstValue("dpop-nonce").isPresent());

            HttpResponse<String> me = c.xrpc("GET", SESSION, null, null, token);
            assertEquals(200, me.statusCode(), me.body());
            assertEquals(alice.did(), json(me).get("did").asText());
            assertFalse(json(me).has("email"), "no email without transition:email or account:email");
            assertTrue(me.headers().firstValue("dpop-nonce").isPresent(), "DPoP answers carry the nonce");

            HttpResponse<String> created = c.xrpc("POST", CREATE, null, post(alice.did(), "app.bsky.feed.post", "hi"), token);
            assertEquals(200, created.statusCode(), created.body());
            assertTrue(json(created).get("uri").asText().startsWith("at://" + alice.did() + "/app.bsky.feed.post/"));
        }
    }

    @Test
    void badProofsAndTokensAreRefused() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            pds.createAccount("alice");
            TestServer.Session bob = pds.createAccount("bob");
            OAuthFlow flow = new OAuthFlow(pds);
            JsonNode tokens = flow.login("alice.test", "alice-pass");
            String token = tokens.get("access_token").asText();
            OAuthClient c = flow.client;
            c.xrpc("GET", SESSION, null, null, token);
            String url = c.issuer + "/xrpc/" + SESSION;

            assertXrpcError(c.xrpcOnce("GET", SESSION, null, null, token, null), 401, "invalid_dpop_proof", "required");
            assertXrpcError(c.xrpcOnce("GET", SESSION, null, null, token, c.key.proof("POST", url, c.nonce, token)), 401,
                    "invalid_dpop_proof", "htm");
            assertXrpcError(c.xrpcOnce("GET", SESSION, null, null, token,
                    c.key.proof("GET", c.issuer + "/xrpc/" + CREATE, c.nonce, token)), 401, "invalid_dpop_proof", "htu");
            assertXrpcError(c.xrpcOnce("GET", SESSION, null, null, token, c.key.proof("GET", url, c.nonce, "other")), 401,
                    "invalid_dpop_proof", "ath");
            String proof = c.key.proof("GET", url, c.nonce, token);
            assertEquals(200, c.xrpcOnce("GET", SESSION, null, null, token, proof).statusCode());
            assertXrpcError(c.xrpcOnce("GET", SESSION, null, null, token, proof), 401, "invalid_dpop_proof", "replayed");
            // a stolen token without its key
            DpopKey thief = new DpopKey();
            HttpResponse<String> stolen = c.xrpcOnce("GET", SESSION, null, null, token, thief.proof("GET", url, c.nonce, token));
            assertXrpcError(stolen, 401, "invalid_token", "key binding");
            assertTrue(stolen.headers().firstValue("www-authenticate").orElse("").contains("invalid_token"));
            // the OAuth token as a Bearer token, and a password-session token as a DPoP token
            assertXrpcError(pds.get("/xrpc/" + SESSION, token), 400, "InvalidToken", "");
            assertXrpcError(c.xrpc("GET", SESSION, null, null, bob.accessJwt()), 401, "invalid_token", "");
            // alice's token cannot write to bob's repository
            HttpResponse<String> other = c.xrpc("POST", CREATE, null, post(bob.did(), "app.bsky.feed.post", "x"), token);
            assertTrue(other.statusCode() == 401 || other.statusCode() == 403 || other.statusCode() == 400, other.body());

            // refreshing retires the old access token; revoking ends the new one: both tokens were used
            // (so the server remembers them as verified), and both stop at once
            HttpResponse<String> refreshed = flow.refresh(tokens.get("refresh_token").asText());
            String newToken = json(refreshed).get("access_token").asText();
            assertXrpcError(c.xrpc("GET", SESSION, null, null, token), 401, "invalid_token", "revoked");
            assertEquals(200, c.xrpc("GET", SESSION, null, null, newToken).statusCode());
            assertEquals(200, c.xrpc("GET", SESSION, null, null, newToken).statusCode());
            c.post("/oauth/revoke", Map.of("client_id", OAuthClient.LOOPBACK_ID, "token", newToken));
            assertXrpcError(c.xrpc("GET", SESSION, null, null, newToken), 401, "invalid_token", "revoked");
        }
    }

    @Test
    void scopesAreEnforcedPerMethodWithTheMissingPermissionNamed() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            TestServer.Session alice = pds.createAccount("alice");
            OAuthFlow flow = new OAuthFlow(pds);
            String scope = "atproto repo:app.bsky.feed.post?action=create account:email"
                    + " rpc:com.atproto.repo.uploadBlob?aud=did:web:video.example.com%23video";
            flow.client.pds.getClass();
            String clientId = "http://localhost?redirect_uri=" + OAuthClient.enc("http://127.0.0.1/callback") + "&scope="
                    + OAuthClient.enc(scope);
            flow.par = OAuthClient.parParams(clientId, flow.pkce);
            flow.par.put("scope", scope);
            HttpResponse<String> par = flow.client.post("/oauth/par", flow.par);
            assertEquals(201, par.statusCode(), par.body());
            String uri = json(par).get("request_uri").asText();
            flow.browser.get("/oauth/authorize?client_id=" + OAuthClient.enc(clientId) + "&request_uri=" + OAuthClient.enc(uri));
            HttpResponse<String> consent = flow.browser.submit("/oauth/authorize/sign-in",
                    Map.of("identifier", "alice.test", "password", "alice-pass"));
            assertTrue(consent.body().contains("Create records of type app.bsky.feed.post in your repository"), consent.body());
            assertTrue(consent.body().contains("See your email address"), consent.body());
            Map<String, String> back = OAuthFlow.redirectParams(flow.browser.submit("/oauth/authorize/consent", Map.of()));
            Map<String, String> exchange = TokenTest.exchangeParams(flow, back.get("code"));
            exchange.put("client_id", clientId);
            HttpResponse<String> t = flow.client.post("/oauth/token", exchange);
            assertEquals(200, t.statusCode(), t.body());
            String token = json(t).get("access_token").asText();
            OAuthClient c = flow.client;

            HttpResponse<String> post = c.xrpc("POST", CREATE, null, post(alice.did(), "app.bsky.feed.post", "ok"), token);
            assertEquals(200, post.statusCode(), post.body());
            assertXrpcError(c.xrpc("POST", CREATE, null, post(alice.did(), "app.bsky.feed.like", "no"), token), 403,
                    "ScopeMissingError", "Missing required scope \"repo:app.bsky.feed.like?action=create\"");
            String rkey = json(post).get("uri").asText().replaceAll(".*/", "");
            assertXrpcError(c.xrpc("POST", DELETE, null, "{\"repo\":\"" + alice.did()
                    + "\",\"collection\":\"app.bsky.feed.post\",\"rkey\":\"" + rkey + "\"}", token), 403, "ScopeMissingError",
                    "repo:app.bsky.feed.post?action=delete");
            // getServiceAuth: only for the audience and method an rpc scope names
            String video = "aud=" + OAuthClient.enc("did:web:video.example.com#video");
            HttpResponse<String> serviceAuth = c.xrpc("GET", "com.atproto.server.getServiceAuth",
                    video + "&lxm=com.atproto.repo.uploadBlob", null, token);
            assertEquals(200, serviceAuth.statusCode(), serviceAuth.body());
            assertXrpcError(c.xrpc("GET", "com.atproto.server.getServiceAuth", video + "&lxm=app.bsky.feed.getTimeline", null, token),
                    403, "ScopeMissingError", "rpc:app.bsky.feed.getTimeline?aud=did:web:video.example.com%23video");
            assertXrpcError(c.xrpc("GET", "com.atproto.server.getServiceAuth", "aud=did:web:video.example.com&lxm=com.atproto.repo.uploadBlob",
                    null, token), 403, "ScopeMissingError", "rpc:com.atproto.repo.uploadBlob?aud=did:web:video.example.com");
            HttpResponse<String> me = c.xrpc("GET", SESSION, null, null, token);
            assertEquals("alice@example.com", json(me).get("email").asText(), "account:email lets the app read the email");

            // a password session has every permission: the same methods, the same check
            HttpResponse<String> legacy = pds.postJson("/xrpc/" + CREATE, post(alice.did(), "com.example.note", "yes"),
                    alice.accessJwt());
            assertEquals(200, legacy.statusCode(), legacy.body());
            assertTrue(json(pds.get("/xrpc/" + SESSION, alice.accessJwt())).has("email"));
        }
    }
}
