package dev.pds.e2e.oauth;

import static dev.pds.e2e.oauth.OAuthClient.json;
import static dev.pds.e2e.oauth.ParTest.assertOAuthError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pds.e2e.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token endpoint: code exchange with PKCE and DPoP, refresh rotation, revocation, and every failure. */
class TokenTest {
    static final String TOKEN = "/oauth/token";

    @TempDir
    Path data;

    @Test
    void codeExchangeGivesDpopBoundTokensForTheAccount() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            TestServer.Session alice = pds.createAccount("alice");
            OAuthFlow flow = new OAuthFlow(pds);
            JsonNode t = flow.login("alice.test", "alice-pass");
            assertEquals("DPoP", t.get("token_type").asText());
            assertEquals(alice.did(), t.get("sub").asText());
            assertEquals("atproto transition:generic", t.get("scope").asText());
            assertTrue(t.get("expires_in").asInt() > 60 && t.get("expires_in").asInt() <= 900, t.toString());
            assertTrue(t.get("refresh_token").asText().startsWith("ref-"));
            assertEquals(3, t.get("access_token").asText().split("\\.").length, "a JWT");
        }
    }

    @Test
    void badExchangesAreRefused() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            pds.createAccount("alice");
            // wrong verifier: refused, and the code is gone
            OAuthFlow flow = new OAuthFlow(pds);
            String code = flow.authorize("alice.test", "alice-pass").get("code");
            assertOAuthError(flow.exchange(code, new OAuthClient.Pkce().verifier), 400, "invalid_grant", "code_verifier");
            assertOAuthError(flow.exchange(code, flow.pkce.verifier), 400, "invalid_grant", "Invalid code");

            // another DPoP key than the one bound at PAR
            OAuthFlow stolen = new OAuthFlow(pds);
            String code2 = stolen.authorize("alice.test", "alice-pass").get("code");
            OAuthClient thief = new OAuthClient(pds);
            Map<String, String> p = exchangeParams(stolen, code2);
            assertOAuthError(thief.post(TOKEN, p), 400, "invalid_grant", "another key");

            // wrong redirect_uri, missing proof
            OAuthFlow third = new OAuthFlow(pds);
            String code3 = third.authorize("alice.test", "alice-pass").get("code");
            Map<String, String> wrongRedirect = exchangeParams(third, code3);
            wrongRedirect.put("redirect_uri", "http://127.0.0.1/elsewhere");
            assertOAuthError(third.client.post(TOKEN, wrongRedirect), 400, "invalid_grant", "redirect_uri");
            assertOAuthError(third.client.postRaw(TOKEN, exchangeParams(third, "cod-x"), null), 401, "invalid_dpop_proof",
                    "required");
            Map<String, String> badGrant = exchangeParams(third, "x");
            badGrant.put("grant_type", "password");
            assertOAuthError(third.client.post(TOKEN, badGrant), 400, "unauthorized_client", "password");
        }
    }

    @Test
    void aReplayedCodeRevokesTheSessionItStarted() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            pds.createAccount("alice");
            OAuthFlow flow = new OAuthFlow(pds);
            String code = flow.authorize("alice.test", "alice-pass").get("code");
            HttpResponse<String> first = flow.exchange(code, flow.pkce.verifier);
            assertEquals(200, first.statusCode(), first.body());
            assertOAuthError(flow.exchange(code, flow.pkce.verifier), 400, "invalid_grant", "Invalid code");
            assertOAuthError(flow.refresh(json(first).get("refresh_token").asText()), 400, "invalid_grant",
                    "Invalid refresh token");
        }
    }

    @Test
    void refreshRotatesAndAReusedRefreshTokenEndsTheSession() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            pds.createAccount("alice");
            OAuthFlow flow = new OAuthFlow(pds);
            JsonNode t1 = flow.login("alice.test", "alice-pass");
            HttpResponse<String> r2 = flow.refresh(t1.get("refresh_token").asText());
            assertEquals(200, r2.statusCode(), r2.body());
            JsonNode t2 = json(r2);
            assertNotEquals(t1.get("refresh_token").asText(), t2.get("refresh_token").asText());
            assertNotEquals(t1.get("access_token").asText(), t2.get("access_token").asText());
            assertEquals(t1.get("scope").asText(), t2.get("scope").asText());
            HttpResponse<String> r3 = flow.refresh(t2.get("refresh_token").asText());
            assertEquals(200, r3.statusCode(), r3.body());

            // the first refresh token again: a replay, and the whole session ends
            assertOAuthError(flow.refresh(t1.get("refresh_token").asText()), 400, "invalid_grant", "replayed");
            assertOAuthError(flow.refresh(json(r3).get("refresh_token").asText()), 400, "invalid_grant",
                    "Invalid refresh token");
        }
    }

    @Test
    void refreshCannotEscalateScopesOrChangeKeysAndRevocationEndsIt() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            pds.createAccount("alice");
            OAuthFlow flow = new OAuthFlow(pds);
            JsonNode t = flow.login("alice.test", "alice-pass");
            Map<String, String> escalate = new LinkedHashMap<>();
            escalate.put("grant_type", "refresh_token");
            escalate.put("client_id", OAuthClient.LOOPBACK_ID);
            escalate.put("refresh_token", t.get("refresh_token").asText());
            escalate.put("scope", "atproto transition:generic transition:email");
            assertOAuthError(flow.client.post(TOKEN, escalate), 400, "invalid_scope", "cannot add scopes");

            OAuthFlow second = new OAuthFlow(pds);
            JsonNode t2 = second.login("alice.test", "alice-pass");
            Map<String, String> p = new LinkedHashMap<>();
            p.put("grant_type", "refresh_token");
            p.put("client_id", OAuthClient.LOOPBACK_ID);
            p.put("refresh_token", t2.get("refresh_token").asText());
            assertOAuthError(new OAuthClient(pds).post(TOKEN, p), 400, "invalid_grant", "another key");

            OAuthFlow third = new OAuthFlow(pds);
            JsonNode t3 = third.login("alice.test", "alice-pass");
            Map<String, String> revoke = new LinkedHashMap<>();
            revoke.put("client_id", OAuthClient.LOOPBACK_ID);
            revoke.put("token", t3.get("refresh_token").asText());
            HttpResponse<String> revoked = third.client.post("/oauth/revoke", revoke);
            assertEquals(200, revoked.statusCode(), revoked.body());
            assertOAuthError(third.refresh(t3.get("refresh_token").asText()), 400, "invalid_grant", "Invalid refresh token");
            revoke.put("token", "ref-unknown");
            assertEquals(200, third.client.post("/oauth/revoke", revoke).statusCode(), "unknown tokens are not an error");
        }
    }

    static Map<String, String> exchangeParams(OAuthFlow flow, String code) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("grant_type", "authorization_code");
        p.put("client_id", OAuthClient.LOOPBACK_ID);
        p.put("code", code);
        p.put("redirect_uri", flow.par.get("redirect_uri"));
        p.put("code_verifier", flow.pkce.verifier);
        return p;
    }
}
