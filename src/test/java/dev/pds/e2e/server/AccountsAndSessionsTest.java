package dev.pds.e2e.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.pds.core.syntax.Did;
import dev.pds.crypto.jwt.JwtSigner;
import dev.pds.e2e.TestServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sign-up and password sessions against a started server, good paths and bad ones. */
class AccountsAndSessionsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String CREATE = "/xrpc/com.atproto.server.createAccount";
    static final String LOGIN = "/xrpc/com.atproto.server.createSession";
    static final String WHOAMI = "/xrpc/com.atproto.server.getSession";

    @TempDir
    Path data;

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    static void assertError(HttpResponse<String> r, int status, String error) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals(error, json(r).get("error").asText(), r.body());
        assertTrue(json(r).hasNonNull("message"), r.body());
    }

    static String signup(String handle, String email, String password) {
        return "{\"handle\":\"" + handle + "\",\"email\":\"" + email + "\",\"password\":\"" + password + "\"}";
    }

    @Test
    void createAccountMakesADidADocumentARepoAndASession() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            HttpResponse<String> r = pds.postJson(CREATE, signup("Alice.test", "Alice@Example.com", "hunter22"));
            assertEquals(200, r.statusCode(), r.body());
            JsonNode body = json(r);
            String did = body.get("did").asText();
            assertTrue(did.matches("did:plc:[a-z2-7]{24}"), did);
            assertEquals("alice.test", body.get("handle").asText(), "handles are kept in lower case");
            JsonNode doc = body.get("didDoc");
            assertEquals(did, doc.get("id").asText());
            assertEquals("at://alice.test", doc.get("alsoKnownAs").get(0).asText());
            String endpoint = doc.get("service").get(0).get("serviceEndpoint").asText();
            assertEquals("http://localhost:" + pds.server.port(), endpoint, "the DID document names the bound port");

            // the directory serves the same document, and the repo has its first commit
            JsonNode published = JSON.readTree(pds.server.plc().client().getDocument(did).toString());
            assertEquals(doc.get("verificationMethod"), published.get("verificationMethod"));
            assertTrue(pds.server.context().store().head(Did.parse(did)).isPresent());

            HttpResponse<String> me = pds.get(WHOAMI, body.get("accessJwt").asText());
            assertEquals(200, me.statusCode(), me.body());
            assertEquals(did, json(me).get("did").asText());
            assertEquals("alice@example.com", json(me).get("email").asText());
            assertTrue(json(me).get("active").asBoolean());
            assertEquals(did, json(me).get("didDoc").get("id").asText());

            // the official app asks after signing up: no queue here
            HttpResponse<String> queue = pds.get("/xrpc/com.atproto.temp.checkSignupQueue", body.get("accessJwt").asText());
            assertEquals(200, queue.statusCode(), queue.body());
            assertTrue(json(queue).get("activated").asBoolean());
            assertError(pds.get("/xrpc/com.atproto.temp.checkSignupQueue"), 401, "AuthMissing");
        }
    }

    @Test
    void badSignUpsAreRefusedWithTheirLexiconErrors() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            pds.createAccount("bobby");
            assertError(pds.postJson(CREATE, signup("BOBBY.test", "other@example.com", "pw")), 400, "HandleNotAvailable");
            assertError(pds.postJson(CREATE, signup("robert.test", "BOBBY@example.com", "pw")), 400, "InvalidRequest");
            assertError(pds.postJson(CREATE, signup("ab.test", "ab@example.com", "pw")), 400, "InvalidHandle");
            assertError(pds.postJson(CREATE, signup("a.b.c.test", "abc@example.com", "pw")), 400, "InvalidHandle");
            // bad syntax is caught by the lexicon (format: handle), as in the reference
            assertError(pds.postJson(CREATE, signup("-bad-.test", "bad@example.com", "pw")), 400, "InvalidRequest");
            assertError(pds.postJson(CREATE, signup("carol.example.com", "c@example.com", "pw")), 400, "UnsupportedDomain");
            assertError(pds.postJson(CREATE, signup("admin.test", "adm@example.com", "pw")), 400, "HandleNotAvailable");
            assertError(pds.postJson(CREATE, signup("carol.test", "not-an-email", "pw")), 400, "InvalidRequest");
            assertError(pds.postJson(CREATE, "{\"handle\":\"carol.test\",\"email\":\"c@example.com\"}"), 400, "InvalidRequest");
            assertError(pds.postJson(CREATE, "{\"handle\":\"carol.test\",\"email\":\"c@example.com\",\"password\":\"x\","
                    + "\"plcOp\":{}}"), 400, "InvalidRequest");
            assertError(pds.postJson(CREATE, "{\"handle\":\"carol.test\","), 400, "InvalidRequest");
            // none of the refusals left an account behind
            assertEquals(1, pds.server.context().accounts().list(null, 100).size());
        }
    }

    @Test
    void invitesRequiredByDefaultRefuseSignUpsWithoutACode() throws Exception {
        try (TestServer pds = TestServer.start(data, Map.of("PDS_DEV_MODE", "true"), List.of(), List.of())) {
            assertError(pds.postJson(CREATE, signup("dave.test", "d@example.com", "pw")), 400, "InvalidInviteCode");
        }
    }

    @Test
    void loginWorksByHandleEmailOrDidAndFailsAlikeForWrongPasswordAndUnknownAccount() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            TestServer.Session alice = pds.createAccount("alice");
            for (String id : List.of("ALICE.test", "alice@EXAMPLE.com", alice.did())) {
                HttpResponse<String> r = pds.postJson(LOGIN, "{\"identifier\":\"" + id + "\",\"password\":\"alice-pass\"}");
                assertEquals(200, r.statusCode(), id + ": " + r.body());
                assertEquals(alice.did(), json(r).get("did").asText());
                assertEquals("alice.test", json(r).get("handle").asText());
                assertNotEquals(alice.accessJwt(), json(r).get("accessJwt").asText());
                assertEquals(200, pds.get(WHOAMI, json(r).get("accessJwt").asText()).statusCode());
            }
            HttpResponse<String> wrong = pds.postJson(LOGIN, "{\"identifier\":\"alice.test\",\"password\":\"nope\"}");
            HttpResponse<String> unknown = pds.postJson(LOGIN, "{\"identifier\":\"nobody.test\",\"password\":\"nope\"}");
            assertError(wrong, 401, "AuthenticationRequired");
            assertEquals(wrong.body(), unknown.body(), "no hint whether the account exists");
            assertEquals(unknown.statusCode(), wrong.statusCode());
        }
    }

    @Test
    void tokenProblemsGetTheNamesClientsActOn() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            TestServer.Session alice = pds.createAccount("alice");
            assertError(pds.get(WHOAMI, null), 401, "AuthMissing");
            assertError(pds.get(WHOAMI, "not.a.jwt"), 400, "InvalidToken");
            assertError(pds.get(WHOAMI, alice.refreshJwt()), 400, "InvalidToken");
            String tampered = alice.accessJwt().substring(0, alice.accessJwt().length() - 4) + "AAAA";
            assertError(pds.get(WHOAMI, tampered), 400, "InvalidToken");

            JwtSigner signer = JwtSigner.hs256(pds.server.config().secrets().jwtSecret().getBytes(StandardCharsets.UTF_8));
            Instant past = Instant.now().minusSeconds(3600);
            String expired = signer.sign("at+jwt", new JWTClaimsSet.Builder().subject(alice.did())
                    .audience(pds.server.config().serviceDid()).claim("scope", "com.atproto.access").claim("sid", "x")
                    .issueTime(Date.from(past.minusSeconds(7200))).expirationTime(Date.from(past)).build());
            assertError(pds.get(WHOAMI, expired), 400, "ExpiredToken");

            String forged = JwtSigner.hs256("another secret of at least thirty-two bytes".getBytes(StandardCharsets.UTF_8))
                    .sign("at+jwt", new JWTClaimsSet.Builder().subject(alice.did()).audience(pds.server.config().serviceDid())
                            .claim("scope", "com.atproto.access").claim("sid", "x")
                            .expirationTime(Date.from(Instant.now().plusSeconds(600))).build());
            assertError(pds.get(WHOAMI, forged), 400, "InvalidToken");

            String unknownSession = signer.sign("at+jwt", new JWTClaimsSet.Builder().subject(alice.did())
                    .audience(pds.server.config().serviceDid()).claim("scope", "com.atproto.access").claim("sid", "gone")
                    .expirationTime(Date.from(Instant.now().plusSeconds(600))).build());
            // genuine but naming no live session: answered as the reference answers a revoked refresh token
            assertError(pds.get(WHOAMI, unknownSession), 400, "ExpiredToken");
        }
    }

    @Test
    void accountsAndSessionsSurviveARestart() throws Exception {
        TestServer.Session alice;
        try (TestServer pds = TestServer.start(data)) {
            alice = pds.createAccount("alice");
        }
        try (TestServer pds = TestServer.start(data)) {
            assertEquals(200, pds.get(WHOAMI, alice.accessJwt()).statusCode(), "the session is durable");
            HttpResponse<String> r = pds.postJson(LOGIN, "{\"identifier\":\"alice.test\",\"password\":\"alice-pass\"}");
            assertEquals(200, r.statusCode(), r.body());
            assertError(pds.postJson(CREATE, signup("alice.test", "x@example.com", "pw")), 400, "HandleNotAvailable");
            assertFalse(pds.server.context().accounts().byHandle("alice.test").isEmpty());
        }
    }
}
