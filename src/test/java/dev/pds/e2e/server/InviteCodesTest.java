package dev.pds.e2e.server;

import static dev.pds.e2e.server.AccountsAndSessionsTest.assertError;
import static dev.pds.e2e.server.AccountsAndSessionsTest.json;
import static dev.pds.e2e.server.AccountsAndSessionsTest.signup;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pds.core.syntax.Did;
import dev.pds.e2e.TestServer;
import dev.pds.server.AppContext;
import dev.pds.server.account.Account;
import dev.pds.server.account.AccountStatus;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Invite codes: the admin makes them, sign-ups use them up, accounts list theirs. */
class InviteCodesTest {
    static final String CREATE_ACCOUNT = "/xrpc/com.atproto.server.createAccount";
    static final String CREATE_CODE = "/xrpc/com.atproto.server.createInviteCode";
    static final String CREATE_CODES = "/xrpc/com.atproto.server.createInviteCodes";
    static final String ACCOUNT_CODES = "/xrpc/com.atproto.server.getAccountInviteCodes";
    static final String ADMIN_PASSWORD = "admin-pass-for-tests";
    static final String CODE_PATTERN = "localhost-[a-z2-7]{5}-[a-z2-7]{5}";

    @TempDir
    Path data;

    /** A dev-mode server that requires invites, as the reference does by default. */
    TestServer start() throws Exception {
        return TestServer.start(data, Map.of("PDS_DEV_MODE", "true", "PDS_ADMIN_PASSWORD", ADMIN_PASSWORD), List.of(), List.of());
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static HttpResponse<String> admin(TestServer pds, String path, String json, String authorization) throws Exception {
        HttpRequest.Builder b = pds.request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return pds.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String code(TestServer pds, String json) throws Exception {
        HttpResponse<String> r = admin(pds, CREATE_CODE, json, basic("admin", ADMIN_PASSWORD));
        assertEquals(200, r.statusCode(), r.body());
        return json(r).get("code").asText();
    }

    static String signupWith(String name, String code) {
        String s = signup(name + ".test", name + "@example.com", name + "-pass");
        return s.substring(0, s.length() - 1) + ",\"inviteCode\":\"" + code + "\"}";
    }

    static JsonNode createAccount(TestServer pds, String name, String code) throws Exception {
        HttpResponse<String> r = pds.postJson(CREATE_ACCOUNT, signupWith(name, code));
        assertEquals(200, r.statusCode(), r.body());
        return json(r);
    }

    @Test
    void aCodeAllowsItsNumberOfSignUpsAndTheAccountSeesItsUses() throws Exception {
        try (TestServer pds = start()) {
            String first = code(pds, "{\"useCount\":1}");
            assertTrue(first.matches(CODE_PATTERN), first);
            JsonNode alice = createAccount(pds, "alice", first);
            assertError(pds.postJson(CREATE_ACCOUNT, signupWith("carol", first)), 400, "InvalidInviteCode");
            assertError(pds.postJson(CREATE_ACCOUNT, signupWith("carol", "localhost-aaaaa-bbbbb")), 400, "InvalidInviteCode");
            assertError(pds.postJson(CREATE_ACCOUNT, signup("carol.test", "carol@example.com", "pw")), 400, "InvalidInviteCode");

            String aliceDid = alice.get("did").asText();
            String forAlice = code(pds, "{\"useCount\":2,\"forAccount\":\"" + aliceDid + "\"}");
            JsonNode bob = createAccount(pds, "bobby", forAlice);
            HttpResponse<String> mine = pds.get(ACCOUNT_CODES, alice.get("accessJwt").asText());
            assertEquals(200, mine.statusCode(), mine.body());
            JsonNode codes = json(mine).get("codes");
            assertEquals(1, codes.size(), "only the code given to alice");
            JsonNode c = codes.get(0);
            assertEquals(forAlice, c.get("code").asText());
            assertEquals(2, c.get("available").asInt());
            assertFalse(c.get("disabled").asBoolean());
            assertEquals(aliceDid, c.get("forAccount").asText());
            assertEquals("admin", c.get("createdBy").asText());
            assertTrue(c.get("createdAt").asText().endsWith("Z"));
            assertEquals(1, c.get("uses").size());
            assertEquals(bob.get("did").asText(), c.get("uses").get(0).get("usedBy").asText());

            createAccount(pds, "carol", forAlice);
            assertError(pds.postJson(CREATE_ACCOUNT, signupWith("dave", forAlice)), 400, "InvalidInviteCode");
            JsonNode used = json(pds.get(ACCOUNT_CODES, alice.get("accessJwt").asText())).get("codes").get(0).get("uses");
            assertEquals(2, used.size());
            assertTrue(used.get(0).get("usedAt").asText().compareTo(used.get(1).get("usedAt").asText()) >= 0, "latest first");
            assertEquals(0, json(pds.get(ACCOUNT_CODES + "?includeUsed=false", alice.get("accessJwt").asText()))
                    .get("codes").size(), "a used-up code is left out when asked");
            assertEquals(0, json(pds.get(ACCOUNT_CODES, bob.get("accessJwt").asText())).get("codes").size());
            assertEquals(3, pds.server.context().accounts().list(null, 100).size(), "no refused sign-up left an account");
        }
    }

    @Test
    void anAccountEarnsCodesOverTimeAtMostFiveUnused() throws Exception {
        // one code per 200 ms of an account's life
        try (TestServer pds = TestServer.start(data, Map.of("PDS_DEV_MODE", "true", "PDS_ADMIN_PASSWORD", ADMIN_PASSWORD,
                "PDS_INVITE_INTERVAL", "200"), List.of(), List.of())) {
            JsonNode alice = createAccount(pds, "alice", code(pds, "{\"useCount\":1}"));
            String token = alice.get("accessJwt").asText();
            String did = alice.get("did").asText();
            Thread.sleep(1_500);
            assertEquals(0, json(pds.get(ACCOUNT_CODES + "?createAvailable=false", token)).get("codes").size(),
                    "nothing is made unless asked");
            JsonNode codes = json(pds.get(ACCOUNT_CODES, token)).get("codes");
            assertEquals(5, codes.size(), "seven or more intervals earned, five unused at most: " + codes);
            for (JsonNode c : codes) {
                assertTrue(c.get("code").asText().matches(CODE_PATTERN), c.toString());
                assertEquals(1, c.get("available").asInt());
                assertEquals(did, c.get("createdBy").asText());
                assertEquals(did, c.get("forAccount").asText());
            }
            assertEquals(5, json(pds.get(ACCOUNT_CODES, token)).get("codes").size(), "asking again makes none");

            createAccount(pds, "bobby", codes.get(0).get("code").asText());
            JsonNode after = json(pds.get(ACCOUNT_CODES, token)).get("codes");
            assertEquals(6, after.size(), "a used code makes room for one more: " + after);
            assertEquals(5, json(pds.get(ACCOUNT_CODES + "?includeUsed=false", token)).get("codes").size());
        }
    }

    @Test
    void concurrentSignUpsCannotOveruseACode() throws Exception {
        try (TestServer pds = start()) {
            String code = code(pds, "{\"useCount\":2}");
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                List<Future<HttpResponse<String>>> answers = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    String name = "racer" + i;
                    answers.add(pool.submit(() -> pds.postJson(CREATE_ACCOUNT, signupWith(name, code))));
                }
                int ok = 0;
                for (Future<HttpResponse<String>> f : answers) {
                    HttpResponse<String> r = f.get();
                    if (r.statusCode() == 200) {
                        ok++;
                    } else {
                        assertError(r, 400, "InvalidInviteCode");
                    }
                }
                assertEquals(2, ok);
            } finally {
                pool.shutdownNow();
            }
            assertEquals(2, pds.server.context().accounts().list(null, 100).size());
            assertEquals(2, pds.server.context().invites().get(code).orElseThrow().uses().size());
        }
    }

    @Test
    void createInviteCodesMakesCodesForEachAccountInOneGo() throws Exception {
        try (TestServer pds = start()) {
            HttpResponse<String> r = admin(pds, CREATE_CODES,
                    "{\"codeCount\":3,\"useCount\":1,\"forAccounts\":[\"did:plc:aaaaaaaaaaaaaaaaaaaaaaaa\",\"did:web:example.com\"]}",
                    basic("admin", ADMIN_PASSWORD));
            assertEquals(200, r.statusCode(), r.body());
            JsonNode codes = json(r).get("codes");
            assertEquals(2, codes.size());
            assertEquals("did:plc:aaaaaaaaaaaaaaaaaaaaaaaa", codes.get(0).get("account").asText());
            assertEquals("did:web:example.com", codes.get(1).get("account").asText());
            Set<String> all = new HashSet<>();
            for (JsonNode entry : codes) {
                assertEquals(3, entry.get("codes").size());
                entry.get("codes").forEach(c -> {
                    assertTrue(c.asText().matches(CODE_PATTERN), c.asText());
                    all.add(c.asText());
                });
            }
            assertEquals(6, all.size(), "all different");
            for (String c : all) {
                assertTrue(pds.server.context().invites().get(c).isPresent());
            }
            JsonNode forAdmin = json(admin(pds, CREATE_CODES, "{\"useCount\":5}", basic("admin", ADMIN_PASSWORD))).get("codes");
            assertEquals("admin", forAdmin.get(0).get("account").asText());
            assertEquals(1, forAdmin.get(0).get("codes").size(), "codeCount defaults to 1");
            createAccount(pds, "alice", forAdmin.get(0).get("codes").get(0).asText());
        }
    }

    @Test
    void onlyTheAdminMakesCodesAndBadCountsAreRefused() throws Exception {
        try (TestServer pds = start()) {
            String aliceAccess = createAccount(pds, "alice", code(pds, "{\"useCount\":1}")).get("accessJwt").asText();
            for (String path : List.of(CREATE_CODE, CREATE_CODES)) {
                assertError(admin(pds, path, "{\"useCount\":1}", null), 401, "AuthenticationRequired");
                assertError(admin(pds, path, "{\"useCount\":1}", basic("admin", "wrong")), 401, "AuthenticationRequired");
                assertError(admin(pds, path, "{\"useCount\":1}", basic("root", ADMIN_PASSWORD)), 401, "AuthenticationRequired");
                assertError(admin(pds, path, "{\"useCount\":1}", "Basic !!!"), 401, "AuthenticationRequired");
                assertError(admin(pds, path, "{\"useCount\":1}", "Bearer " + aliceAccess), 401, "AuthenticationRequired");
                assertError(admin(pds, path, "{\"useCount\":0}", basic("admin", ADMIN_PASSWORD)), 400, "InvalidRequest");
                assertError(admin(pds, path, "{\"useCount\":-3}", basic("admin", ADMIN_PASSWORD)), 400, "InvalidRequest");
                assertError(admin(pds, path, "{}", basic("admin", ADMIN_PASSWORD)), 400, "InvalidRequest");
            }
            assertError(admin(pds, CREATE_CODE, "{\"useCount\":1,\"forAccount\":\"not-a-did\"}", basic("admin", ADMIN_PASSWORD)),
                    400, "InvalidRequest");
            assertError(admin(pds, CREATE_CODES, "{\"useCount\":1,\"codeCount\":0}", basic("admin", ADMIN_PASSWORD)),
                    400, "InvalidRequest");
            assertError(admin(pds, CREATE_CODES, "{\"useCount\":1,\"codeCount\":10001}", basic("admin", ADMIN_PASSWORD)),
                    400, "InvalidRequest");
            assertError(admin(pds, CREATE_CODES, "{\"useCount\":1,\"codeCount\":6000,\"forAccounts\":[\"did:web:a.com\","
                    + "\"did:web:b.com\"]}", basic("admin", ADMIN_PASSWORD)), 400, "InvalidRequest");
            assertError(admin(pds, CREATE_CODES, "{\"useCount\":1,\"forAccounts\":[\"nope\"]}", basic("admin", ADMIN_PASSWORD)),
                    400, "InvalidRequest");
            assertError(pds.get(ACCOUNT_CODES, null), 401, "AuthMissing");
        }
    }

    @Test
    void getAccountInviteCodesIsForFullSessionsOnly() throws Exception {
        try (TestServer pds = start()) {
            JsonNode alice = createAccount(pds, "alice", code(pds, "{\"useCount\":1}"));
            HttpResponse<String> made = pds.postJson("/xrpc/com.atproto.server.createAppPassword", "{\"name\":\"app\"}",
                    alice.get("accessJwt").asText());
            HttpResponse<String> appLogin = pds.postJson("/xrpc/com.atproto.server.createSession",
                    "{\"identifier\":\"alice.test\",\"password\":\"" + json(made).get("password").asText() + "\"}");
            assertError(pds.get(ACCOUNT_CODES, json(appLogin).get("accessJwt").asText()), 400, "InvalidToken");
        }
    }

    @Test
    void aCodeGivenToATakenDownAccountNoLongerWorks() throws Exception {
        try (TestServer pds = start()) {
            JsonNode alice = createAccount(pds, "alice", code(pds, "{\"useCount\":1}"));
            String forAlice = code(pds, "{\"useCount\":5,\"forAccount\":\"" + alice.get("did").asText() + "\"}");
            AppContext context = pds.server.context();
            Account a = context.accounts().byDid(Did.parse(alice.get("did").asText())).orElseThrow();
            context.store().writeTables(context.accounts().update(a, a.withStatus(AccountStatus.TAKENDOWN)), List.of()).join();
            assertError(pds.postJson(CREATE_ACCOUNT, signupWith("bobby", forAlice)), 400, "InvalidInviteCode");
        }
    }

    @Test
    void withoutInvitesRequiredAGivenCodeIsStillCheckedAndUsed() throws Exception {
        try (TestServer pds = TestServer.start(data, Map.of("PDS_DEV_MODE", "true", "PDS_INVITE_REQUIRED", "false",
                "PDS_ADMIN_PASSWORD", ADMIN_PASSWORD), List.of(), List.of())) {
            pds.createAccount("alice");
            assertError(pds.postJson(CREATE_ACCOUNT, signupWith("bobby", "no-such-code")), 400, "InvalidInviteCode");
            String code = code(pds, "{\"useCount\":1}");
            createAccount(pds, "bobby", code);
            assertEquals(1, pds.server.context().invites().get(code).orElseThrow().uses().size());
        }
    }

    @Test
    void usesSurviveARestart() throws Exception {
        String code;
        try (TestServer pds = start()) {
            code = code(pds, "{\"useCount\":1}");
            createAccount(pds, "alice", code);
        }
        try (TestServer pds = start()) {
            assertError(pds.postJson(CREATE_ACCOUNT, signupWith("bobby", code)), 400, "InvalidInviteCode");
        }
    }
}
