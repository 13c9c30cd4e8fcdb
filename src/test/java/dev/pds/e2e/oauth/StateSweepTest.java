package dev.pds.e2e.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pds.core.store.Table;
import dev.pds.e2e.TestServer;
import dev.pds.server.oauth.OAuthServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Expired OAuth state is removed, and nothing that a flow can still use: pushed requests that
 * were never finished, remembered PKCE challenges, browsers nobody signed in on, ended
 * sessions with their refresh-token and code keys, browsers whose cookie ran out. The sweep is
 * run at chosen times on the real store; what a client sees is checked after each.
 */
class StateSweepTest {
    @TempDir
    Path data;

    /** Keys in the OAuth table by their one-letter kind (see OAuthServer's javadoc). */
    static Map<String, Integer> keysByKind(TestServer pds) {
        Map<String, Integer> kinds = new TreeMap<>();
        for (var e : pds.server.context().store().scan(Table.OAUTH, new byte[0], null, 100_000, false)) {
            kinds.merge(new String(e.key(), 0, 1, StandardCharsets.UTF_8), 1, Integer::sum);
        }
        return kinds;
    }

    @Test
    void onlyWhatNoFlowCanUseIsRemoved() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            pds.createAccount("alice");
            OAuthServer oauth = pds.server.context().oauth();
            Instant start = Instant.now();

            // a finished login, refreshed twice
            OAuthFlow app = new OAuthFlow(pds);
            JsonNode tokens = app.login("alice.test", "alice-pass");
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> r = app.refresh(tokens.get("refresh_token").asText());
                assertEquals(200, r.statusCode(), r.body());
                tokens = OAuthClient.json(r);
            }
            // a request pushed and opened in another browser, never signed in
            OAuthFlow abandoned = new OAuthFlow(pds);
            String abandonedPage = abandoned.push("atproto");
            assertEquals(200, abandoned.browser.get(abandonedPage).statusCode());

            Map<String, Integer> before = keysByKind(pds);
            assertEquals(1, before.get("q"), "the abandoned request: " + before);
            assertEquals(2, before.get("x"), "two PKCE challenges: " + before);
            assertEquals(2, before.get("d"), "two browsers: " + before);
            assertEquals(1, before.get("D"), "alice on the first: " + before);
            assertEquals(1, before.get("g"), before.toString());
            assertEquals(3, before.get("r"), "every refresh token's hash is kept: " + before);

            assertEquals(0, oauth.sweep(start).total(), "nothing is dead yet");
            assertEquals(before, keysByKind(pds));

            // the abandoned request ran out; its request_uri stays refused
            OAuthServer.Swept hour = oauth.sweep(start.plus(Duration.ofHours(1)));
            assertEquals(1, hour.requests(), hour.toString());
            assertEquals(0, hour.sessions() + hour.browsers(), hour.toString());
            assertEquals(null, keysByKind(pds).get("q"));
            HttpResponse<String> late = abandoned.browser.get(abandonedPage);
            assertEquals(400, late.statusCode(), late.body());
            assertTrue(late.body().contains("Unknown or already used request_uri"), late.body());

            // after two days: the challenges are forgotten and so is the browser nobody signed in on
            OAuthServer.Swept days = oauth.sweep(start.plus(Duration.ofDays(2)));
            assertEquals(2, days.requests(), "both challenges: " + days);
            assertEquals(1, days.browsers(), days.toString());
            Map<String, Integer> after = keysByKind(pds);
            assertEquals(1, after.get("d"), after.toString());
            assertEquals(1, after.get("g"), "the session lives on: " + after);
            HttpResponse<String> call = app.client.xrpc("GET", "com.atproto.server.getSession", null, null,
                    tokens.get("access_token").asText());
            assertEquals(200, call.statusCode(), call.body());

            // past the public client's two weeks the session is gone, with its index, code and refresh keys
            OAuthServer.Swept weeks = oauth.sweep(start.plus(Duration.ofDays(15)));
            assertEquals(1 + 1 + 1 + 3, weeks.sessions(), "g, G, c and three r keys: " + weeks);
            after = keysByKind(pds);
            for (String kind : new String[] {"g", "G", "c", "r"}) {
                assertEquals(null, after.get(kind), kind + " in " + after);
            }
            HttpResponse<String> refused = app.client.xrpc("GET", "com.atproto.server.getSession", null, null,
                    tokens.get("access_token").asText());
            assertEquals(401, refused.statusCode(), refused.body());
            ParTest.assertOAuthError(app.refresh(tokens.get("refresh_token").asText()), 400, "invalid_grant", "");

            // a year on, the signed-in browser's cookie has run out too
            OAuthServer.Swept year = oauth.sweep(start.plus(Duration.ofDays(366)));
            assertEquals(2, year.browsers(), year.toString());
            assertEquals(Map.of(), keysByKind(pds));
        }
    }
}
