package dev.pds.e2e.server;

import static dev.pds.e2e.server.AccountsAndSessionsTest.assertError;
import static dev.pds.e2e.server.AccountsAndSessionsTest.json;
import static dev.pds.e2e.server.InviteCodesTest.admin;
import static dev.pds.e2e.server.InviteCodesTest.basic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pds.e2e.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's account commands as the official {@code pdsadmin} script sends them (Basic
 * admin auth, the same bodies): account list (getAccountInfo), reset-password
 * (updateAccountPassword), takedown and untakedown (updateSubjectStatus, read back with
 * getSubjectStatus).
 */
class OperatorAccountsTest {
    static final String ADMIN = "op-secret";
    static final String INFO = "/xrpc/com.atproto.admin.getAccountInfo";
    static final String PASSWORD = "/xrpc/com.atproto.admin.updateAccountPassword";
    static final String STATUS = "/xrpc/com.atproto.admin.updateSubjectStatus";
    static final String REPO_STATUS = "/xrpc/com.atproto.sync.getRepoStatus?did=";

    @TempDir
    Path data;

    TestServer start() throws Exception {
        return startWithAdmin(data);
    }

    /** A dev-mode server without invites whose admin password is {@link #ADMIN}. */
    static TestServer startWithAdmin(Path data) throws Exception {
        return TestServer.start(data, Map.of("PDS_DEV_MODE", "true", "PDS_INVITE_REQUIRED", "false", "PDS_ADMIN_PASSWORD", ADMIN),
                List.of(), List.of());
    }

    static HttpResponse<String> info(TestServer pds, String did, String authorization) throws Exception {
        HttpRequest.Builder b = pds.request(INFO + "?did=" + did).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return pds.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> subjectStatus(TestServer pds, String query) throws Exception {
        return pds.http.send(pds.request("/xrpc/com.atproto.admin.getSubjectStatus?" + query).GET()
                .header("Authorization", basic("admin", ADMIN)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> login(TestServer pds, String handle, String password) throws Exception {
        return pds.postJson("/xrpc/com.atproto.server.createSession", "{\"identifier\":\"" + handle + "\",\"password\":\"" + password + "\"}");
    }

    static String takedown(String did, boolean applied) {
        return "{\"subject\":{\"$type\":\"com.atproto.admin.defs#repoRef\",\"did\":\"" + did + "\"},"
                + "\"takedown\":{\"applied\":" + applied + (applied ? ",\"ref\":\"1733500000\"" : "") + "}}";
    }

    @Test
    void accountListReadsEachAccountsInfo() throws Exception {
        try (TestServer pds = start()) {
            TestServer.Session alice = pds.createAccount("alice");
            pds.createAccount("bob");
            JsonNode repos = json(pds.get("/xrpc/com.atproto.sync.listRepos?limit=100")).get("repos");
            assertEquals(2, repos.size());
            for (JsonNode repo : repos) {
                HttpResponse<String> r = info(pds, repo.get("did").asText(), basic("admin", ADMIN));
                assertEquals(200, r.statusCode(), r.body());
                JsonNode a = json(r);
                assertEquals(repo.get("did").asText(), a.get("did").asText());
                assertTrue(a.get("handle").asText().endsWith(".test"), r.body());
                assertEquals(a.get("handle").asText().replace(".test", "@example.com"), a.get("email").asText());
                assertTrue(a.has("indexedAt"), r.body());
            }
            assertError(info(pds, alice.did(), null), 401, "AuthenticationRequired");
            assertError(info(pds, alice.did(), basic("admin", "wrong")), 401, "AuthenticationRequired");
            // a Bearer token on a moderator method is read as a moderation service's JWT: none is configured
            assertError(info(pds, alice.did(), "Bearer " + alice.accessJwt()), 401, "UntrustedIss");
            assertError(info(pds, "did:plc:ewvi7nxzyoun6zhxrhs64oiz", basic("admin", ADMIN)), 400, "NotFound");
        }
    }

    @Test
    void resetPasswordSetsANewOneAndEndsTheSessions() throws Exception {
        try (TestServer pds = start()) {
            TestServer.Session alice = pds.createAccount("alice");
            HttpResponse<String> r = admin(pds, PASSWORD, "{ \"did\": \"" + alice.did() + "\", \"password\": \"fresh-pass-123\" }",
                    basic("admin", ADMIN));
            assertEquals(200, r.statusCode(), r.body());
            assertError(login(pds, "alice.test", "alice-pass"), 401, "AuthenticationRequired");
            assertEquals(200, login(pds, "alice.test", "fresh-pass-123").statusCode());
            HttpResponse<String> old = pds.get("/xrpc/com.atproto.server.getSession", alice.accessJwt());
            assertNotEquals(200, old.statusCode(), "the old session ended: " + old.body());
            assertError(pds.postJson("/xrpc/com.atproto.server.refreshSession", "", alice.refreshJwt()), 400, "ExpiredToken");

            assertError(admin(pds, PASSWORD, "{\"did\":\"" + alice.did() + "\",\"password\":\"" + "x".repeat(300) + "\"}",
                    basic("admin", ADMIN)), 400, "InvalidRequest");
            assertError(admin(pds, PASSWORD, "{\"did\":\"" + alice.did() + "\",\"password\":\"p\"}", null), 401, "AuthenticationRequired");
            assertError(admin(pds, PASSWORD, "{\"did\":\"did:plc:ewvi7nxzyoun6zhxrhs64oiz\",\"password\":\"p\"}", basic("admin", ADMIN)),
                    400, "InvalidRequest");
        }
    }

    @Test
    void takedownAndUntakedown() throws Exception {
        try (TestServer pds = start()) {
            TestServer.Session alice = pds.createAccount("alice");
            HttpResponse<String> down = admin(pds, STATUS, takedown(alice.did(), true), basic("admin", ADMIN));
            assertEquals(200, down.statusCode(), down.body());
            assertEquals(alice.did(), json(down).get("subject").get("did").asText());
            assertTrue(json(down).get("takedown").get("applied").asBoolean());
            JsonNode status = json(pds.get(REPO_STATUS + alice.did()));
            assertFalse(status.get("active").asBoolean(), status.toString());
            JsonNode subject = json(subjectStatus(pds, "did=" + alice.did()));
            assertEquals("com.atproto.admin.defs#repoRef", subject.get("subject").get("$type").asText());
            assertTrue(subject.get("takedown").get("applied").asBoolean(), subject.toString());
            assertFalse(subject.get("deactivated").get("applied").asBoolean(), subject.toString());
            assertEquals("takendown", status.get("status").asText());
            assertError(login(pds, "alice.test", "alice-pass"), 401, "AccountTakedown");
            assertNotEquals(200, pds.get("/xrpc/com.atproto.server.getSession", alice.accessJwt()).statusCode(),
                    "the takedown ended the sessions");

            assertEquals(200, admin(pds, STATUS, takedown(alice.did(), false), basic("admin", ADMIN)).statusCode());
            assertFalse(json(subjectStatus(pds, "did=" + alice.did())).get("takedown").get("applied").asBoolean());
            status = json(pds.get(REPO_STATUS + alice.did()));
            assertTrue(status.get("active").asBoolean(), status.toString());
            assertEquals(200, login(pds, "alice.test", "alice-pass").statusCode());

            String deactivate = "{\"subject\":{\"$type\":\"com.atproto.admin.defs#repoRef\",\"did\":\"" + alice.did()
                    + "\"},\"deactivated\":{\"applied\":true}}";
            assertEquals(200, admin(pds, STATUS, deactivate, basic("admin", ADMIN)).statusCode());
            assertEquals("deactivated", json(pds.get(REPO_STATUS + alice.did())).get("status").asText());
            assertEquals(200, admin(pds, STATUS, deactivate.replace("true", "false"), basic("admin", ADMIN)).statusCode());
            assertTrue(json(pds.get(REPO_STATUS + alice.did())).get("active").asBoolean());
        }
    }

    @Test
    void theOperatorChangesHandlesAndEmails() throws Exception {
        try (TestServer pds = start()) {
            TestServer.Session alice = pds.createAccount("alice");
            TestServer.Session bob = pds.createAccount("bob");
            String handle = "/xrpc/com.atproto.admin.updateAccountHandle";
            // a reserved name is the operator's to give (the user's own updateHandle refuses it)
            assertError(pds.postJson("/xrpc/com.atproto.identity.updateHandle", "{\"handle\":\"admin.test\"}", alice.accessJwt()),
                    400, "HandleNotAvailable");
            assertEquals(200, admin(pds, handle, "{\"did\":\"" + alice.did() + "\",\"handle\":\"admin.test\"}", basic("admin", ADMIN))
                    .statusCode());
            assertEquals(alice.did(), json(pds.get("/xrpc/com.atproto.identity.resolveHandle?handle=admin.test")).get("did").asText());
            JsonNode doc = json(pds.get("/xrpc/com.atproto.repo.describeRepo?repo=" + alice.did()));
            assertEquals("admin.test", doc.get("handle").asText());
            assertEquals("at://admin.test", doc.get("didDoc").get("alsoKnownAs").get(0).asText(), "published in the DID document");
            assertError(admin(pds, handle, "{\"did\":\"" + alice.did() + "\",\"handle\":\"bob.test\"}", basic("admin", ADMIN)),
                    400, "HandleNotAvailable");
            assertError(admin(pds, handle, "{\"did\":\"" + alice.did() + "\",\"handle\":\"x.test\"}", basic("admin", ADMIN)),
                    400, "InvalidHandle");
            assertError(admin(pds, handle, "{\"did\":\"" + alice.did() + "\",\"handle\":\"a.b\"}", null), 401, "AuthenticationRequired");

            String email = "/xrpc/com.atproto.admin.updateAccountEmail";
            assertEquals(200, admin(pds, email, "{\"account\":\"admin.test\",\"email\":\"New@Example.com\"}", basic("admin", ADMIN))
                    .statusCode());
            assertEquals("new@example.com", json(info(pds, alice.did(), basic("admin", ADMIN))).get("email").asText());
            assertEquals(200, login(pds, "new@example.com", "alice-pass").statusCode(), "the new address logs in");
            assertError(admin(pds, email, "{\"account\":\"" + bob.did() + "\",\"email\":\"NEW@example.com\"}", basic("admin", ADMIN)),
                    400, "InvalidRequest");
            assertError(admin(pds, email, "{\"account\":\"" + bob.did() + "\",\"email\":\"not-an-email\"}", basic("admin", ADMIN)),
                    400, "InvalidRequest");
            assertError(admin(pds, email, "{\"account\":\"nobody.test\",\"email\":\"n@example.com\"}", basic("admin", ADMIN)),
                    400, "InvalidRequest");

            HttpResponse<String> infos = pds.http.send(pds.request("/xrpc/com.atproto.admin.getAccountInfos?dids=" + alice.did()
                    + "&dids=" + bob.did() + "&dids=did:plc:ewvi7nxzyoun6zhxrhs64oiz").GET()
                    .header("Authorization", basic("admin", ADMIN)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, infos.statusCode(), infos.body());
            assertEquals(2, json(infos).get("infos").size(), "the DID not hosted here is left out");
            assertEquals("admin.test", json(infos).get("infos").get(0).get("handle").asText());
        }
    }

    @Test
    void badSubjectsAreRefused() throws Exception {
        try (TestServer pds = start()) {
            TestServer.Session alice = pds.createAccount("alice");
            String unknownType = "{\"subject\":{\"$type\":\"com.atproto.admin.defs#somethingElse\",\"did\":\"" + alice.did()
                    + "\"},\"takedown\":{\"applied\":true}}";
            assertError(admin(pds, STATUS, unknownType, basic("admin", ADMIN)), 400, "InvalidRequest");
            String both = "{\"subject\":{\"$type\":\"com.atproto.admin.defs#repoRef\",\"did\":\"" + alice.did() + "\"},"
                    + "\"takedown\":{\"applied\":true},\"deactivated\":{\"applied\":false}}";
            assertError(admin(pds, STATUS, both, basic("admin", ADMIN)), 400, "InvalidRequest");
            assertError(admin(pds, STATUS, takedown("did:plc:ewvi7nxzyoun6zhxrhs64oiz", true), basic("admin", ADMIN)), 400,
                    "InvalidRequest");
            assertError(admin(pds, STATUS, takedown(alice.did(), true), null), 401, "AuthenticationRequired");
            assertTrue(json(pds.get(REPO_STATUS + alice.did())).get("active").asBoolean(), "nothing was changed");
            assertError(subjectStatus(pds, "did=did:plc:ewvi7nxzyoun6zhxrhs64oiz"), 400, "NotFound");
            assertError(subjectStatus(pds, "uri=at://" + alice.did() + "/app.bsky.feed.post/3k"), 400, "NotFound");
            assertError(subjectStatus(pds, ""), 400, "InvalidRequest");
        }
    }
}
