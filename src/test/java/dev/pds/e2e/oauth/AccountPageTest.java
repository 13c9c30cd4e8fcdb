package dev.pds.e2e.oauth;

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

/** The account page: a signed-in user sees the apps holding access and revokes one. */
class AccountPageTest {
    @TempDir
    Path data;

    @Test
    void aUserListsTheAppsWithAccessAndRevokesOne() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            pds.createAccount("alice");
            OAuthFlow flow = new OAuthFlow(pds);
            JsonNode tokens = flow.login("alice.test", "alice-pass");
            String token = tokens.get("access_token").asText();
            assertEquals(200, flow.client.xrpc("GET", "com.atproto.server.getSession", null, null, token).statusCode());

            // the browser that signed in sees the app
            HttpResponse<String> page = flow.browser.get("/oauth/account");
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("@alice.test") && page.body().contains("http://localhost?redirect_uri="),
                    page.body());
            assertEquals("DENY", page.headers().firstValue("x-frame-options").orElse(""));

            // a forged revoke from elsewhere is refused
            Map<String, String> fields = flow.browser.hiddenFields("/oauth/account/revoke");
            FormBrowser other = new FormBrowser(pds);
            assertEquals(403, other.post("/oauth/account/revoke", fields, null).statusCode());
            assertEquals(200, flow.client.xrpc("GET", "com.atproto.server.getSession", null, null, token).statusCode());

            HttpResponse<String> revoked = flow.browser.submit("/oauth/account/revoke", Map.of());
            assertEquals(303, revoked.statusCode());
            HttpResponse<String> after = flow.client.xrpc("GET", "com.atproto.server.getSession", null, null, token);
            assertEquals(401, after.statusCode(), "the app's token stops working at once");
            assertEquals(400, flow.refresh(tokens.get("refresh_token").asText()).statusCode(), "and so does its refresh token");
            assertTrue(flow.browser.get("/oauth/account").body().contains("No app has access."));

            // a fresh browser signs in on the page itself, then signs out
            FormBrowser fresh = new FormBrowser(pds);
            assertTrue(fresh.get("/oauth/account").body().contains("No account is signed in"));
            assertEquals(401, fresh.submit("/oauth/account/sign-in", Map.of("identifier", "alice.test", "password", "x"))
                    .statusCode());
            assertEquals(303, fresh.submit("/oauth/account/sign-in",
                    Map.of("identifier", "alice.test", "password", "alice-pass")).statusCode());
            assertTrue(fresh.get("/oauth/account").body().contains("@alice.test"));
            assertEquals(303, fresh.submit("/oauth/account/sign-out", Map.of()).statusCode());
            assertFalse(fresh.get("/oauth/account").body().contains("@alice.test"));
        }
    }
}
