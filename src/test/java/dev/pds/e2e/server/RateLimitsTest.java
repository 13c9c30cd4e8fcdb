package dev.pds.e2e.server;

import static dev.pds.e2e.server.AccountsAndSessionsTest.assertError;
import static dev.pds.e2e.server.AccountsAndSessionsTest.json;
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
 * PDS_RATE_LIMITS_ENABLED: the reference's limits on logins and repo writes, its 429 answer and
 * headers, the bypass key, per-address counting behind a local proxy, and nothing of a refused
 * write stored.
 */
class RateLimitsTest {
    static final String LOGIN = "/xrpc/com.atproto.server.createSession";
    static final String APPLY = "/xrpc/com.atproto.repo.applyWrites";

    @TempDir
    Path data;

    static HttpResponse<String> login(TestServer pds, String identifier, String password, String... headers) throws Exception {
        HttpRequest.Builder b = pds.request(LOGIN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"identifier\":\"" + identifier + "\",\"password\":\"" + password + "\"}"));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return pds.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static TestServer start(Path data, String... env) throws Exception {
        Map<String, String> all = new java.util.HashMap<>(Map.of("PDS_DEV_MODE", "true", "PDS_INVITE_REQUIRED", "false"));
        for (int i = 0; i < env.length; i += 2) {
            all.put(env[i], env[i + 1]);
        }
        return TestServer.start(data, all, List.of(), List.of());
    }

    @Test
    void thirtyLoginsPerIdentifierAndAddressInFiveMinutesThen429() throws Exception {
        try (TestServer pds = start(data, "PDS_RATE_LIMITS_ENABLED", "true", "PDS_RATE_LIMIT_BYPASS_KEY", "let-me-in")) {
            TestServer.Session alice = pds.createAccount("alice");
            for (int i = 1; i <= 30; i++) {
                HttpResponse<String> r = login(pds, "alice.test", "wrong");
                assertError(r, 401, "AuthenticationRequired");
                assertEquals(String.valueOf(30 - i), r.headers().firstValue("RateLimit-Remaining").orElse(null),
                        "the login limit is the tightest one counted");
            }
            HttpResponse<String> refused = login(pds, "alice.test", "alice-pass");
            assertError(refused, 429, "RateLimitExceeded");
            assertEquals("30", refused.headers().firstValue("RateLimit-Limit").orElse(null));
            assertEquals("0", refused.headers().firstValue("RateLimit-Remaining").orElse(null));
            assertEquals("30;w=300", refused.headers().firstValue("RateLimit-Policy").orElse(null));
            long retry = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(retry > 0 && retry <= 300, "Retry-After " + retry);

            assertError(login(pds, "ALICE.test", "alice-pass"), 429, "RateLimitExceeded");
            // another address behind our proxy, the bypass key, another identifier: each gets through
            assertEquals(200, login(pds, "alice.test", "alice-pass", "X-Forwarded-For", "198.51.100.7").statusCode());
            assertEquals(200, login(pds, "alice.test", "alice-pass", "x-ratelimit-bypass", "let-me-in").statusCode());
            assertError(login(pds, "alice.test", "alice-pass", "x-ratelimit-bypass", "guess"), 429, "RateLimitExceeded");
            assertError(login(pds, "bob.test", "wrong"), 401, "AuthenticationRequired");

            HttpResponse<String> me = pds.get("/xrpc/com.atproto.server.getSession", alice.accessJwt());
            assertEquals(200, me.statusCode());
            assertEquals("3000", me.headers().firstValue("RateLimit-Limit").orElse(null), "every call counts against the global limit");
        }
    }

    @Test
    void theHourlyWriteBudgetRefusesAWholeBatchAndStoresNothingOfIt() throws Exception {
        try (TestServer pds = start(data, "PDS_RATE_LIMITS_ENABLED", "true")) {
            TestServer.Session alice = pds.createAccount("alice");
            StringBuilder writes = new StringBuilder();
            for (int i = 0; i < 200; i++) {
                writes.append(i == 0 ? "" : ",").append("{\"$type\":\"com.atproto.repo.applyWrites#create\",")
                        .append("\"collection\":\"app.bsky.feed.like\",\"value\":{\"$type\":\"app.bsky.feed.like\",")
                        .append("\"subject\":{\"uri\":\"at://did:plc:ewvi7nxzyoun6zhxrhs64oiz/app.bsky.feed.post/3k\",")
                        .append("\"cid\":\"bafyreidfayvfuwqa7qlnopdjiqrxzs6blmoeu4rujcjtnci5beludirz2a\"},")
                        .append("\"createdAt\":\"2024-01-01T00:00:00.000Z\"}}");
            }
            String batch = "{\"repo\":\"" + alice.did() + "\",\"writes\":[" + writes + "]}";
            // 600 points a batch against 5,000 an hour: eight pass, the ninth would pass the budget
            for (int i = 0; i < 8; i++) {
                assertEquals(200, pds.postJson(APPLY, batch, alice.accessJwt()).statusCode());
            }
            HttpResponse<String> refused = pds.postJson(APPLY, batch, alice.accessJwt());
            assertError(refused, 429, "RateLimitExceeded");
            assertEquals("5000", refused.headers().firstValue("RateLimit-Limit").orElse(null));
            assertEquals("5000;w=3600", refused.headers().firstValue("RateLimit-Policy").orElse(null));
            HttpResponse<String> head = pds.get("/xrpc/com.atproto.repo.describeRepo?repo=" + alice.did());
            assertEquals(200, head.statusCode());
            int stored = 0;
            String cursor = null;
            do {
                HttpResponse<String> page = pds.get("/xrpc/com.atproto.repo.listRecords?repo=" + alice.did()
                        + "&collection=app.bsky.feed.like&limit=100" + (cursor == null ? "" : "&cursor=" + cursor));
                stored += json(page).get("records").size();
                cursor = json(page).path("cursor").asText(null);
            } while (cursor != null);
            assertEquals(1600, stored, "the refused batch wrote nothing");
            // the budget is spent: even one more create waits for the window
            assertError(pds.postJson("/xrpc/com.atproto.repo.createRecord", "{\"repo\":\"" + alice.did()
                    + "\",\"collection\":\"app.bsky.feed.post\",\"record\":{\"text\":\"hi\",\"createdAt\":\"2024-01-01T00:00:00.000Z\"}}",
                    alice.accessJwt()), 429, "RateLimitExceeded");
        }
    }

    @Test
    void mailedCodesAreLimitedPerAccountAndTheirGuessesPerAddress() throws Exception {
        try (TestServer pds = start(data, "PDS_RATE_LIMITS_ENABLED", "true")) {
            TestServer.Session alice = pds.createAccount("alice");
            TestServer.Session bob = pds.createAccount("bob");
            for (int i = 0; i < 5; i++) {
                assertEquals(200, requestDelete(pds, alice.accessJwt()).statusCode());
            }
            assertError(requestDelete(pds, alice.accessJwt()), 429, "RateLimitExceeded");
            assertEquals(200, requestDelete(pds, bob.accessJwt()).statusCode(), "another account has its own budget");
            String guess = "{\"token\":\"AAAAA-BBBBB\",\"password\":\"new-password\"}";
            for (int i = 0; i < 50; i++) {
                assertError(pds.postJson("/xrpc/com.atproto.server.resetPassword", guess), 400, "InvalidToken");
            }
            assertError(pds.postJson("/xrpc/com.atproto.server.resetPassword", guess), 429, "RateLimitExceeded");
        }
    }

    static HttpResponse<String> requestDelete(TestServer pds, String token) throws Exception {
        return pds.http.send(pds.request("/xrpc/com.atproto.server.requestAccountDelete").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void offByDefault() throws Exception {
        try (TestServer pds = start(data)) {
            pds.createAccount("alice");
            for (int i = 0; i < 35; i++) {
                HttpResponse<String> r = login(pds, "alice.test", "wrong");
                assertError(r, 401, "AuthenticationRequired");
                assertTrue(r.headers().firstValue("RateLimit-Limit").isEmpty());
            }
        }
    }
}
