package dev.pds.e2e.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pds.e2e.TestServer;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** One full authorization as an app and a user would do it, for tests that need tokens. */
final class OAuthFlow {
    final OAuthClient client;
    final FormBrowser browser;
    final OAuthClient.Pkce pkce = new OAuthClient.Pkce();
    Map<String, String> par;
    String requestUri;

    OAuthFlow(TestServer pds) {
        this.client = new OAuthClient(pds);
        this.browser = new FormBrowser(pds);
    }

    /** PAR with the given scope; returns the authorize page path. */
    String push(String scope) throws Exception {
        par = OAuthClient.parParams(OAuthClient.LOOPBACK_ID, pkce);
        par.put("scope", scope);
        HttpResponse<String> r = client.post("/oauth/par", par);
        assertEquals(201, r.statusCode(), r.body());
        requestUri = OAuthClient.json(r).get("request_uri").asText();
        return "/oauth/authorize?client_id=" + OAuthClient.enc(OAuthClient.LOOPBACK_ID) + "&request_uri="
                + OAuthClient.enc(requestUri);
    }

    /** Signs in and allows; returns the redirect's query parameters. */
    Map<String, String> authorize(String handle, String password) throws Exception {
        HttpResponse<String> page = browser.get(push("atproto transition:generic"));
        assertEquals(200, page.statusCode(), page.body());
        return signInAndAllow(handle, password);
    }

    Map<String, String> signInAndAllow(String handle, String password) throws Exception {
        HttpResponse<String> consent = browser.submit("/oauth/authorize/sign-in",
                Map.of("identifier", handle, "password", password));
        assertEquals(200, consent.statusCode(), consent.body());
        assertTrue(consent.body().contains("wants to access your account"), consent.body());
        return redirectParams(browser.submit("/oauth/authorize/consent", Map.of()));
    }

    static Map<String, String> redirectParams(HttpResponse<String> r) {
        assertEquals(303, r.statusCode(), r.body());
        URI location = URI.create(r.headers().firstValue("location").orElseThrow());
        Map<String, String> params = new HashMap<>();
        for (String pair : location.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        params.put("_base", location.getScheme() + "://" + location.getAuthority() + location.getPath());
        return params;
    }

    /** The code exchange; the answer as is. */
    HttpResponse<String> exchange(String code, String verifier) throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("grant_type", "authorization_code");
        p.put("client_id", OAuthClient.LOOPBACK_ID);
        p.put("code", code);
        p.put("redirect_uri", par.get("redirect_uri"));
        p.put("code_verifier", verifier);
        return client.post("/oauth/token", p);
    }

    HttpResponse<String> refresh(String refreshToken) throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("grant_type", "refresh_token");
        p.put("client_id", OAuthClient.LOOPBACK_ID);
        p.put("refresh_token", refreshToken);
        return client.post("/oauth/token", p);
    }

    /** PAR, sign-in, consent and code exchange: the token response. */
    JsonNode login(String handle, String password) throws Exception {
        Map<String, String> back = authorize(handle, password);
        HttpResponse<String> tokens = exchange(back.get("code"), pkce.verifier);
        assertEquals(200, tokens.statusCode(), tokens.body());
        return OAuthClient.json(tokens);
    }
}
