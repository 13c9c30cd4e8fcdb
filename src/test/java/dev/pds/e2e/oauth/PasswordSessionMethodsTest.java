package dev.pds.e2e.oauth;

import static dev.pds.e2e.oauth.OAuthClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pds.e2e.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Account-management methods that OAuth apps may not call, as in the reference: app passwords
 * and invite codes (403 Forbidden), session refresh and logout (password sessions' own tokens).
 */
class PasswordSessionMethodsTest {
    @TempDir
    Path data;

    static void assertError(HttpResponse<String> r, int status, String error) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals(error, json(r).get("error").asText(), r.body());
    }

    @Test
    void oauthTokensCannotManageAppPasswordsOrInvites() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            TestServer.Session alice = pds.createAccount("alice");
            assertEquals(200, pds.postJson("/xrpc/com.atproto.server.createAppPassword", "{\"name\":\"phone\"}",
                    alice.accessJwt()).statusCode());
            OAuthFlow flow = new OAuthFlow(pds);
            String token = flow.login("alice.test", "alice-pass").get("access_token").asText();
            OAuthClient c = flow.client;
            assertEquals(200, c.xrpc("GET", "com.atproto.server.getSession", null, null, token).statusCode());

            assertError(c.xrpc("POST", "com.atproto.server.createAppPassword", null, "{\"name\":\"x\"}", token), 403, "Forbidden");
            assertError(c.xrpc("GET", "com.atproto.server.listAppPasswords", null, null, token), 403, "Forbidden");
            assertError(c.xrpc("POST", "com.atproto.server.revokeAppPassword", null, "{\"name\":\"phone\"}", token), 403,
                    "Forbidden");
            assertError(c.xrpc("GET", "com.atproto.server.getAccountInviteCodes", null, null, token), 403, "Forbidden");
            assertError(c.xrpc("POST", "com.atproto.server.refreshSession", null, null, token), 400, "InvalidToken");
            assertError(c.xrpc("POST", "com.atproto.server.deleteSession", null, null, token), 400, "InvalidToken");
            // none of it touched the app password
            HttpResponse<String> list = pds.get("/xrpc/com.atproto.server.listAppPasswords", alice.accessJwt());
            assertEquals(1, json(list).get("passwords").size(), list.body());
        }
    }
}
