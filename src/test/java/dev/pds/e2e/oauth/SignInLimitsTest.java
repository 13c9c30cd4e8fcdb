package dev.pds.e2e.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.e2e.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OAuth sign-in forms count password tries against the login limits, together with
 * createSession: thirty per identifier and address in five minutes, whichever door is used.
 */
class SignInLimitsTest {
    @TempDir
    Path data;

    static HttpResponse<String> createSession(TestServer pds, String identifier, String password) throws Exception {
        return pds.http.send(pds.request("/xrpc/com.atproto.server.createSession").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"identifier\":\"" + identifier + "\",\"password\":\"" + password + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void signInFormsShareTheLoginLimitWithCreateSession() throws Exception {
        try (TestServer pds = TestServer.start(data, Map.of("PDS_DEV_MODE", "true", "PDS_INVITE_REQUIRED", "false",
                "PDS_RATE_LIMITS_ENABLED", "true"), List.of(), List.of())) {
            pds.createAccount("alice");
            pds.createAccount("bob");
            for (int i = 0; i < 10; i++) {
                assertEquals(401, createSession(pds, "alice.test", "wrong").statusCode());
            }
            OAuthFlow flow = new OAuthFlow(pds);
            assertEquals(200, flow.browser.get(flow.push("atproto")).statusCode());
            for (int i = 0; i < 20; i++) {
                // with a leading @ or spaces it is the same identifier, counted under the same key
                String identifier = i % 2 == 0 ? "@alice.test" : " alice.test ";
                HttpResponse<String> wrong = flow.browser.submit("/oauth/authorize/sign-in", Map.of("identifier", identifier, "password", "no"));
                assertEquals(401, wrong.statusCode(), "try " + (11 + i));
            }
            HttpResponse<String> refused = flow.browser.submit("/oauth/authorize/sign-in",
                    Map.of("identifier", "ALICE.test", "password", "alice-pass"));
            assertEquals(429, refused.statusCode(), "thirty tries in all, so the right password is not even checked");
            assertTrue(refused.body().contains("Too many sign-in attempts"), refused.body());
            long retry = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(retry > 0 && retry <= 300, "Retry-After " + retry);
            assertEquals("30;w=300", refused.headers().firstValue("RateLimit-Policy").orElse(null));

            assertEquals(429, createSession(pds, "alice.test", "alice-pass").statusCode(), "the other door is closed too");
            FormBrowser accountPage = new FormBrowser(pds);
            accountPage.get("/oauth/account");
            assertEquals(429, accountPage.submit("/oauth/account/sign-in", Map.of("identifier", "alice.test", "password", "alice-pass"))
                    .statusCode(), "and so is the account page's");

            // another identifier is counted apart
            assertEquals(401, flow.browser.submit("/oauth/authorize/sign-in", Map.of("identifier", "bob.test", "password", "no"))
                    .statusCode());
            assertEquals(200, flow.browser.submit("/oauth/authorize/sign-in", Map.of("identifier", "bob.test", "password", "bob-pass"))
                    .statusCode());
        }
    }
}
