package dev.pds.e2e.server;

import static dev.pds.e2e.server.AccountsAndSessionsTest.assertError;
import static dev.pds.e2e.server.AccountsAndSessionsTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import dev.pds.core.syntax.Did;
import dev.pds.e2e.TestServer;
import dev.pds.server.AppContext;
import dev.pds.server.account.Account;
import dev.pds.server.account.AccountStatus;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** App passwords: creation, login with their scopes, listing, revocation, and what they may not do. */
class AppPasswordsTest {
    static final String CREATE = "/xrpc/com.atproto.server.createAppPassword";
    static final String LIST = "/xrpc/com.atproto.server.listAppPasswords";
    static final String REVOKE = "/xrpc/com.atproto.server.revokeAppPassword";
    static final String LOGIN = "/xrpc/com.atproto.server.createSession";
    static final String WHOAMI = "/xrpc/com.atproto.server.getSession";
    static final String REFRESH = "/xrpc/com.atproto.server.refreshSession";
    static final String PRIVILEGED = "/xrpc/dev.pds.test.privileged";
    static final String PRIVILEGED_LEXICON = "{\"lexicon\":1,\"id\":\"dev.pds.test.privileged\",\"defs\":{\"main\":{"
            + "\"type\":\"query\",\"output\":{\"encoding\":\"application/json\"}}}}";

    /** A method that asks what DMs and account settings ask: a full session or a privileged app password. */
    static final class Privileged implements XrpcMethod {
        @Override
        public String nsid() {
            return "dev.pds.test.privileged";
        }

        @Override
        public AuthRequirement auth() {
            return AuthRequirement.ACCESS_PRIVILEGED;
        }

        @Override
        public XrpcResponse handle(XrpcRequest request) {
            return XrpcResponse.json(Map.of("scope", request.auth().scope().claim()));
        }
    }

    @TempDir
    Path data;

    TestServer start() throws Exception {
        return TestServer.start(data, Map.of("PDS_DEV_MODE", "true", "PDS_INVITE_REQUIRED", "false"),
                List.of(PRIVILEGED_LEXICON), List.of(new Privileged()));
    }

    static JsonNode create(TestServer pds, String token, String name, boolean privileged) throws Exception {
        HttpResponse<String> r = pds.postJson(CREATE, "{\"name\":\"" + name + "\",\"privileged\":" + privileged + "}", token);
        assertEquals(200, r.statusCode(), r.body());
        return json(r);
    }

    static JsonNode login(TestServer pds, String identifier, String password) throws Exception {
        HttpResponse<String> r = pds.postJson(LOGIN, "{\"identifier\":\"" + identifier + "\",\"password\":\"" + password + "\"}");
        assertEquals(200, r.statusCode(), r.body());
        return json(r);
    }

    static String scope(String jwt) throws Exception {
        return SignedJWT.parse(jwt).getJWTClaimsSet().getStringClaim("scope");
    }

    static HttpResponse<String> refresh(TestServer pds, String refreshJwt) throws Exception {
        return pds.http.send(pds.request(REFRESH).header("Authorization", "Bearer " + refreshJwt)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anAppPasswordIsShownOnceListedWithoutItsSecretAndLogsInWithItsScope() throws Exception {
        try (TestServer pds = start()) {
            TestServer.Session alice = pds.createAccount("alice");
            Instant before = Instant.now().minusSeconds(1);
            JsonNode phone = create(pds, alice.accessJwt(), "phone", false);
            assertEquals("phone", phone.get("name").asText());
            assertFalse(phone.get("privileged").asBoolean());
            assertTrue(phone.get("password").asText().matches("[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}"),
                    phone.get("password").asText());
            assertFalse(Instant.parse(phone.get("createdAt").asText()).isBefore(before));
            JsonNode desktop = create(pds, alice.accessJwt(), "desktop client", true);
            assertTrue(desktop.get("privileged").asBoolean());

            HttpResponse<String> list = pds.get(LIST, alice.accessJwt());
            assertEquals(200, list.statusCode(), list.body());
            JsonNode passwords = json(list).get("passwords");
            assertEquals(2, passwords.size());
            assertEquals("desktop client", passwords.get(0).get("name").asText(), "newest first");
            assertTrue(passwords.get(0).get("privileged").asBoolean());
            assertEquals("phone", passwords.get(1).get("name").asText());
            assertFalse(list.body().contains(phone.get("password").asText()), "the secret is never shown again");
            assertFalse(passwords.get(1).has("password"));

            JsonNode viaPhone = login(pds, "alice.test", phone.get("password").asText());
            assertEquals(alice.did(), viaPhone.get("did").asText());
            assertEquals("com.atproto.appPass", scope(viaPhone.get("accessJwt").asText()));
            assertEquals(200, pds.get(WHOAMI, viaPhone.get("accessJwt").asText()).statusCode());
            JsonNode viaDesktop = login(pds, alice.did(), desktop.get("password").asText());
            assertEquals("com.atproto.appPassPrivileged", scope(viaDesktop.get("accessJwt").asText()));

            // a refresh keeps the session's scope
            HttpResponse<String> refreshed = refresh(pds, viaPhone.get("refreshJwt").asText());
            assertEquals(200, refreshed.statusCode(), refreshed.body());
            assertEquals("com.atproto.appPass", scope(json(refreshed).get("accessJwt").asText()));
        }
    }

    @Test
    void appPasswordSessionsCannotDoWhatNeedsMore() throws Exception {
        try (TestServer pds = start()) {
            TestServer.Session alice = pds.createAccount("alice");
            String plain = login(pds, "alice.test", create(pds, alice.accessJwt(), "plain", false).get("password").asText())
                    .get("accessJwt").asText();
            String privileged = login(pds, "alice.test", create(pds, alice.accessJwt(), "priv", true).get("password").asText())
                    .get("accessJwt").asText();

            // full-session only
            assertError(pds.postJson(CREATE, "{\"name\":\"more\"}", plain), 400, "InvalidToken");
            assertError(pds.postJson(CREATE, "{\"name\":\"more\"}", privileged), 400, "InvalidToken");
            // full session or privileged app password
            assertError(pds.get(PRIVILEGED, plain), 400, "InvalidToken");
            HttpResponse<String> ok = pds.get(PRIVILEGED, privileged);
            assertEquals(200, ok.statusCode(), ok.body());
            assertEquals("com.atproto.appPassPrivileged", json(ok).get("scope").asText());
            assertEquals("com.atproto.access", json(pds.get(PRIVILEGED, alice.accessJwt())).get("scope").asText());
            // any session may list and revoke
            assertEquals(200, pds.get(LIST, plain).statusCode());
            assertEquals(200, pds.postJson(REVOKE, "{\"name\":\"priv\"}", plain).statusCode());
            assertEquals(1, json(pds.get(LIST, alice.accessJwt())).get("passwords").size());
        }
    }

    @Test
    void revokingAnAppPasswordEndsItsSessionsAndOnlyThem() throws Exception {
        try (TestServer pds = start()) {
            TestServer.Session alice = pds.createAccount("alice");
            String phonePassword = create(pds, alice.accessJwt(), "phone", false).get("password").asText();
            String laptopPassword = create(pds, alice.accessJwt(), "laptop", false).get("password").asText();
            JsonNode phone1 = login(pds, "alice.test", phonePassword);
            JsonNode phone2 = login(pds, "alice@example.com", phonePassword);
            JsonNode laptop = login(pds, "alice.test", laptopPassword);

            HttpResponse<String> r = pds.postJson(REVOKE, "{\"name\":\"phone\"}", alice.accessJwt());
            assertEquals(200, r.statusCode(), r.body());
            for (JsonNode s : List.of(phone1, phone2)) {
                assertError(pds.get(WHOAMI, s.get("accessJwt").asText()), 400, "ExpiredToken");
                assertError(refresh(pds, s.get("refreshJwt").asText()), 400, "ExpiredToken");
            }
            assertError(pds.postJson(LOGIN, "{\"identifier\":\"alice.test\",\"password\":\"" + phonePassword + "\"}"),
                    401, "AuthenticationRequired");
            assertEquals(200, pds.get(WHOAMI, laptop.get("accessJwt").asText()).statusCode());
            assertEquals(200, pds.get(WHOAMI, alice.accessJwt()).statusCode());
            assertEquals(200, pds.postJson(REVOKE, "{\"name\":\"phone\"}", alice.accessJwt()).statusCode(),
                    "revoking an unknown name succeeds, as in the reference");
            assertEquals(List.of("laptop"), names(pds.get(LIST, alice.accessJwt())));

            // a name freed by revocation can be used again, with a new secret
            JsonNode again = create(pds, alice.accessJwt(), "phone", false);
            assertFalse(again.get("password").asText().equals(phonePassword));
        }
    }

    static List<String> names(HttpResponse<String> list) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        json(list).get("passwords").forEach(p -> out.add(p.get("name").asText()));
        return out;
    }

    @Test
    void badRequestsAndWrongPasswordsAreRefused() throws Exception {
        try (TestServer pds = start()) {
            TestServer.Session alice = pds.createAccount("alice");
            TestServer.Session bob = pds.createAccount("bobby");
            String phone = create(pds, alice.accessJwt(), "phone", false).get("password").asText();

            assertError(pds.postJson(CREATE, "{\"name\":\"phone\"}", alice.accessJwt()), 400, "InvalidRequest");
            assertError(pds.postJson(CREATE, "{\"name\":\"  \"}", alice.accessJwt()), 400, "InvalidRequest");
            assertError(pds.postJson(CREATE, "{\"name\":\"a\\u0000b\"}", alice.accessJwt()), 400, "InvalidRequest");
            assertError(pds.postJson(CREATE, "{\"name\":\"" + "x".repeat(257) + "\"}", alice.accessJwt()), 400, "InvalidRequest");
            assertError(pds.postJson(CREATE, "{}", alice.accessJwt()), 400, "InvalidRequest");
            assertError(pds.postJson(CREATE, "{\"name\":\"phone\",\"privileged\":\"yes\"}", alice.accessJwt()), 400,
                    "InvalidRequest");
            assertError(pds.postJson(CREATE, "{\"name\":\"x\"}", null), 401, "AuthMissing");
            assertError(pds.postJson(CREATE, "{\"name\":\"x\"}", alice.refreshJwt()), 400, "InvalidToken");
            assertError(pds.get(LIST, null), 401, "AuthMissing");
            assertError(pds.postJson(REVOKE, "{}", alice.accessJwt()), 400, "InvalidRequest");
            assertError(pds.postJson(REVOKE, "{\"name\":\"phone\"}", null), 401, "AuthMissing");

            // an app password is the account's only: not bob's, and bob cannot revoke it
            HttpResponse<String> asBob = pds.postJson(LOGIN, "{\"identifier\":\"bobby.test\",\"password\":\"" + phone + "\"}");
            HttpResponse<String> unknown = pds.postJson(LOGIN, "{\"identifier\":\"nobody.test\",\"password\":\"" + phone + "\"}");
            HttpResponse<String> wrong = pds.postJson(LOGIN, "{\"identifier\":\"alice.test\",\"password\":\"aaaa-bbbb-cccc-dddd\"}");
            assertError(asBob, 401, "AuthenticationRequired");
            assertEquals(unknown.body(), asBob.body(), "no hint whether the account exists");
            assertEquals(unknown.body(), wrong.body());
            assertEquals(200, pds.postJson(REVOKE, "{\"name\":\"phone\"}", bob.accessJwt()).statusCode());
            assertEquals(List.of("phone"), names(pds.get(LIST, alice.accessJwt())));
            assertEquals(List.of(), names(pds.get(LIST, bob.accessJwt())));
            assertError(pds.postJson(LOGIN, "{\"identifier\":\"alice.test\",\"password\":\"" + "p".repeat(513) + "\"}"),
                    401, "AuthenticationRequired");
        }
    }

    @Test
    void aTakenDownAccountCannotLogInWithAnAppPassword() throws Exception {
        try (TestServer pds = start()) {
            TestServer.Session alice = pds.createAccount("alice");
            String phone = create(pds, alice.accessJwt(), "phone", false).get("password").asText();
            AppContext context = pds.server.context();
            Account before = context.accounts().byDid(Did.parse(alice.did())).orElseThrow();
            context.store().writeTables(context.accounts().update(before, before.withStatus(AccountStatus.TAKENDOWN)),
                    List.of()).join();
            assertError(pds.postJson(LOGIN, "{\"identifier\":\"alice.test\",\"password\":\"" + phone + "\"}"),
                    401, "AuthenticationRequired");
            assertError(pds.postJson(LOGIN, "{\"identifier\":\"alice.test\",\"password\":\"alice-pass\"}"),
                    401, "AccountTakedown");
            HttpResponse<String> allowed = pds.postJson(LOGIN,
                    "{\"identifier\":\"alice.test\",\"password\":\"alice-pass\",\"allowTakendown\":true}");
            assertEquals(200, allowed.statusCode(), allowed.body());
            assertEquals("com.atproto.takendown", scope(json(allowed).get("accessJwt").asText()));
            assertEquals("takendown", json(allowed).get("status").asText());
            assertError(refresh(pds, json(allowed).get("refreshJwt").asText()), 401, "AccountTakedown");
        }
    }

    @Test
    void appPasswordsSurviveARestart() throws Exception {
        String password;
        String accessJwt;
        try (TestServer pds = start()) {
            TestServer.Session alice = pds.createAccount("alice");
            password = create(pds, alice.accessJwt(), "phone", true).get("password").asText();
            accessJwt = alice.accessJwt();
        }
        try (TestServer pds = start()) {
            assertEquals(List.of("phone"), names(pds.get(LIST, accessJwt)));
            assertEquals("com.atproto.appPassPrivileged", scope(login(pds, "alice.test", password).get("accessJwt").asText()));
        }
    }
}
