package dev.pds.e2e.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.e2e.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The authorization pages through a cookie-keeping, script-less browser: every step and every refusal. */
class AuthorizationPagesTest {
    @TempDir
    Path data;

    @Test
    void signInThenConsentRedirectsBackWithCodeStateAndIssuer() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            TestServer.Session alice = pds.createAccount("alice");
            OAuthFlow flow = new OAuthFlow(pds);
            HttpResponse<String> page = flow.browser.get(flow.push("atproto transition:generic transition:email"));
            assertEquals(200, page.statusCode());
            assertEquals("text/html; charset=utf-8", page.headers().firstValue("content-type").orElse(""));
            assertEquals("DENY", page.headers().firstValue("x-frame-options").orElse(""));
            String csp = page.headers().firstValue("content-security-policy").orElse("");
            assertTrue(csp.contains("frame-ancestors 'none'") && csp.contains("default-src 'none'"), csp);
            assertFalse(csp.contains("script-src"), "no script is allowed at all");
            assertEquals("same-origin", page.headers().firstValue("referrer-policy").orElse(""), "the request_uri never leaks to other sites; form posts keep their Origin");
            String cookie = page.headers().firstValue("set-cookie").orElse("");
            assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), cookie);
            assertTrue(page.body().contains("<label for=\"identifier\">") && page.body().contains("autocomplete=\"current-password\""));
            assertTrue(page.body().contains("name=\"viewport\""), "fits a phone screen");
            assertFalse(page.body().contains("<script"));

            HttpResponse<String> wrong = flow.browser.submit("/oauth/authorize/sign-in",
                    Map.of("identifier", "alice.test", "password", "nope"));
            assertEquals(401, wrong.statusCode());
            assertTrue(wrong.body().contains("role=\"alert\"") && wrong.body().contains("Wrong handle, email or password"));

            HttpResponse<String> consent = flow.browser.submit("/oauth/authorize/sign-in",
                    Map.of("identifier", "alice@example.com", "password", "alice-pass"));
            assertEquals(200, consent.statusCode(), consent.body());
            assertTrue(consent.body().contains("@alice.test"));
            assertTrue(consent.body().contains("Create, change and delete your posts"), "transition:generic in plain words");
            assertTrue(consent.body().contains("See your email address"), "transition:email in plain words");
            assertTrue(consent.headers().firstValue("content-security-policy").orElse("").contains("form-action 'self' http://127.0.0.1"),
                    "the consent form may redirect to the app");

            Map<String, String> back = OAuthFlow.redirectParams(flow.browser.submit("/oauth/authorize/consent", Map.of()));
            assertEquals("http://127.0.0.1/callback", back.get("_base"));
            assertEquals(flow.par.get("state"), back.get("state"));
            assertEquals("http://localhost:" + pds.server.port(), back.get("iss"));
            assertTrue(back.get("code").startsWith("cod-"));

            // the request is used up: opening it again is an error page
            HttpResponse<String> again = flow.browser.get("/oauth/authorize?client_id=" + OAuthClient.enc(OAuthClient.LOOPBACK_ID)
                    + "&request_uri=" + OAuthClient.enc(flow.requestUri));
            assertEquals(400, again.statusCode());
            assertTrue(again.body().contains("cannot be used"));
            assertTrue(alice.did().startsWith("did:plc:"));
        }
    }

    @Test
    void accountChooserRemembersTheBrowserAndSkipsConsentForApprovedScopes() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            pds.createAccount("alice");
            pds.createAccount("bob");
            OAuthFlow first = new OAuthFlow(pds);
            first.authorize("alice.test", "alice-pass");

            // same browser, new request: alice is offered in the chooser, and her earlier approval is remembered
            OAuthFlow second = new OAuthFlow(pds);
            HttpResponse<String> chooser = first.browser.get(second.push("atproto transition:generic"));
            assertTrue(chooser.body().contains("Choose an account") && chooser.body().contains("@alice.test"), chooser.body());
            Map<String, String> back = OAuthFlow.redirectParams(first.browser.submit("/oauth/authorize/select", Map.of()));
            assertTrue(back.containsKey("code"), "no consent screen for scopes already approved");

            // more scopes than approved: consent again
            OAuthFlow third = new OAuthFlow(pds);
            first.browser.get(third.push("atproto transition:generic transition:email"));
            HttpResponse<String> consent = first.browser.submit("/oauth/authorize/select", Map.of());
            assertEquals(200, consent.statusCode());
            assertTrue(consent.body().contains("See your email address"));
            Map<String, String> denied = OAuthFlow.redirectParams(first.browser.submit("/oauth/authorize/consent",
                    Map.of("decision", "deny")));
            assertEquals("access_denied", denied.get("error"));
            assertEquals(third.par.get("state"), denied.get("state"));

            // a second account on the same browser
            OAuthFlow fourth = new OAuthFlow(pds);
            first.browser.get(fourth.push("atproto transition:generic"));
            first.browser.submit("/oauth/authorize/sign-in", Map.of("identifier", "bob.test", "password", "bob-pass"));
            OAuthFlow fifth = new OAuthFlow(pds);
            HttpResponse<String> both = first.browser.get(fifth.push("atproto transition:generic"));
            assertTrue(both.body().contains("@alice.test") && both.body().contains("@bob.test"));
        }
    }

    @Test
    void promptsHintsAndCancelling() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            pds.createAccount("alice");
            pds.createAccount("bob");
            OAuthFlow flow = new OAuthFlow(pds);
            flow.par = OAuthClient.parParams(OAuthClient.LOOPBACK_ID, flow.pkce);
            flow.par.put("login_hint", "alice.test");
            HttpResponse<String> r = flow.client.post("/oauth/par", flow.par);
            String uri = OAuthClient.json(r).get("request_uri").asText();
            HttpResponse<String> page = flow.browser.get("/oauth/authorize?client_id=" + OAuthClient.enc(OAuthClient.LOOPBACK_ID)
                    + "&request_uri=" + OAuthClient.enc(uri));
            assertTrue(page.body().contains("value=\"alice.test\""), "the hint fills in the identifier");
            HttpResponse<String> wrongAccount = flow.browser.submit("/oauth/authorize/sign-in",
                    Map.of("identifier", "bob.test", "password", "bob-pass"));
            assertEquals(403, wrongAccount.statusCode());
            assertTrue(wrongAccount.body().contains("asked you to sign in as alice.test"));
            Map<String, String> cancelled = OAuthFlow.redirectParams(flow.browser.submit("/oauth/authorize/cancel", Map.of()));
            assertEquals("access_denied", cancelled.get("error"));

            // prompt=none with nobody signed in on this browser
            OAuthFlow silent = new OAuthFlow(pds);
            silent.par = OAuthClient.parParams(OAuthClient.LOOPBACK_ID, silent.pkce);
            silent.par.put("prompt", "none");
            String silentUri = OAuthClient.json(silent.client.post("/oauth/par", silent.par)).get("request_uri").asText();
            Map<String, String> loginRequired = OAuthFlow.redirectParams(silent.browser.get("/oauth/authorize?client_id="
                    + OAuthClient.enc(OAuthClient.LOOPBACK_ID) + "&request_uri=" + OAuthClient.enc(silentUri)));
            assertEquals("login_required", loginRequired.get("error"));
        }
    }

    @Test
    void forgedAndBrokenRequestsGetErrorPages() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            pds.createAccount("alice");
            OAuthFlow flow = new OAuthFlow(pds);
            flow.browser.get(flow.push("atproto"));
            Map<String, String> fields = new java.util.HashMap<>(flow.browser.hiddenFields("/oauth/authorize/sign-in"));
            fields.put("identifier", "alice.test");
            fields.put("password", "alice-pass");

            // a cross-site post, a missing token, a wrong token: refused before the password is even looked at
            HttpResponse<String> crossSite = flow.browser.post("/oauth/authorize/sign-in", fields, "https://evil.example.com");
            assertEquals(403, crossSite.statusCode());
            Map<String, String> noToken = new java.util.HashMap<>(fields);
            noToken.remove("csrf");
            assertEquals(403, flow.browser.post("/oauth/authorize/sign-in", noToken, null).statusCode());
            Map<String, String> badToken = new java.util.HashMap<>(fields);
            badToken.put("csrf", "AAAA");
            assertEquals(403, flow.browser.post("/oauth/authorize/sign-in", badToken, null).statusCode());
            // another browser (no cookie) cannot drive this request either
            FormBrowser other = new FormBrowser(pds);
            assertEquals(403, other.post("/oauth/authorize/sign-in", fields, null).statusCode());
            HttpResponse<String> stolen = other.get("/oauth/authorize?client_id=" + OAuthClient.enc(OAuthClient.LOOPBACK_ID)
                    + "&request_uri=" + OAuthClient.enc(flow.requestUri));
            assertEquals(400, stolen.statusCode());
            assertTrue(stolen.body().contains("another browser"));

            assertEquals(400, flow.browser.get("/oauth/authorize").statusCode());
            assertEquals(400, flow.browser.get("/oauth/authorize?client_id=x&request_uri=urn%3Aietf%3Aparams%3Aoauth%3Arequest_uri%3Areq-nope")
                    .statusCode());
            HttpResponse<String> mismatch = flow.browser.get("/oauth/authorize?client_id=" + OAuthClient.enc("http://localhost")
                    + "&request_uri=" + OAuthClient.enc(flow.requestUri));
            assertEquals(400, mismatch.statusCode());
            assertTrue(mismatch.body().contains("does not match"));
            HttpResponse<String> css = flow.browser.get("/oauth/assets/style.css");
            assertEquals(200, css.statusCode());
            assertTrue(css.headers().firstValue("content-type").orElse("").startsWith("text/css"));
        }
    }
}
