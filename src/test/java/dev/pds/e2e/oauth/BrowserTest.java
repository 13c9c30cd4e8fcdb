package dev.pds.e2e.oauth;

import dev.pds.e2e.Prerequisites;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.pds.e2e.TestServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The authorization pages in headless Chromium: sign in, consent, and the redirect to the app,
 * with the browser's own cookie, CSP and form handling. Skipped when Chromium is not installed.
 */
class BrowserTest {
    @TempDir
    Path data;
    @TempDir
    Path profile;

    @Test
    void aUserSignsInAndAllowsInARealBrowser() throws Exception {
        Path binary = Chromium.find();
        Prerequisites.require(binary != null, "chromium");
        CompletableFuture<String> callback = new CompletableFuture<>();
        HttpServer app = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        app.createContext("/callback", exchange -> {
            callback.complete(exchange.getRequestURI().getRawQuery());
            byte[] body = "<html><body><p id=\"done\">Signed in</p></body></html>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        app.start();
        try (TestServer pds = TestServer.start(data); Chromium browser = new Chromium(binary, profile)) {
            TestServer.Session alice = pds.createAccount("alice");
            OAuthFlow flow = new OAuthFlow(pds);
            flow.par = OAuthClient.parParams(OAuthClient.LOOPBACK_ID, flow.pkce);
            String redirect = "http://127.0.0.1:" + app.getAddress().getPort() + "/callback";
            flow.par.put("redirect_uri", redirect);
            HttpResponse<String> par = flow.client.post("/oauth/par", flow.par);
            assertEquals(201, par.statusCode(), par.body());
            String authorize = flow.client.issuer + "/oauth/authorize?client_id=" + OAuthClient.enc(OAuthClient.LOOPBACK_ID)
                    + "&request_uri=" + OAuthClient.enc(OAuthClient.json(par).get("request_uri").asText());

            browser.navigate(authorize);
            assertEquals("Sign in", browser.eval("document.title").asText().split(" · ")[0]);
            assertEquals("block", browser.eval("getComputedStyle(document.querySelector('button')).display").asText(),
                    "the stylesheet loads under the CSP");
            browser.fillAndClick(Map.of("identifier", "alice.test", "password", "wrong"), "form[action$='/sign-in'] button");
            String alert = browser.eval("document.body.textContent").asText();
            assertTrue(alert.contains("Wrong handle, email or password"), browser.url() + " " + alert);
            browser.fillAndClick(Map.of("identifier", "alice.test", "password", "alice-pass"),
                    "form[action$='/sign-in'] button");
            assertTrue(browser.eval("document.querySelector('h1').textContent").asText().contains("wants to access"));
            browser.click("document.getElementById('allow')");

            String query = callback.get(30, TimeUnit.SECONDS);
            assertEquals(redirect, browser.url().split("\\?")[0], "the browser followed the redirect to the app");
            Map<String, String> params = new HashMap<>();
            for (String pair : query.split("&")) {
                String[] kv = pair.split("=", 2);
                params.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
            assertEquals(flow.par.get("state"), params.get("state"));
            assertEquals(flow.client.issuer, params.get("iss"));
            HttpResponse<String> tokens = flow.exchange(params.get("code"), flow.pkce.verifier);
            assertEquals(200, tokens.statusCode(), tokens.body());
            assertEquals(alice.did(), OAuthClient.json(tokens).get("sub").asText());

            // the same browser comes back: the account chooser offers alice
            OAuthFlow again = new OAuthFlow(pds);
            again.par = OAuthClient.parParams(OAuthClient.LOOPBACK_ID, again.pkce);
            again.par.put("redirect_uri", redirect);
            HttpResponse<String> par2 = again.client.post("/oauth/par", again.par);
            browser.navigate(flow.client.issuer + "/oauth/authorize?client_id=" + OAuthClient.enc(OAuthClient.LOOPBACK_ID)
                    + "&request_uri=" + OAuthClient.enc(OAuthClient.json(par2).get("request_uri").asText()));
            assertTrue(browser.eval("document.body.textContent").asText().contains("@alice.test"));
        } finally {
            app.stop(0);
        }
    }
}
