package dev.pds.e2e.server;

import static dev.pds.e2e.server.AccountsAndSessionsTest.assertError;
import static dev.pds.e2e.server.AccountsAndSessionsTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pds.core.syntax.Did;
import dev.pds.crypto.DidKey;
import dev.pds.e2e.TestServer;
import dev.pds.server.AppContext;
import dev.pds.server.account.Account;
import dev.pds.server.account.AccountStatus;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * com.atproto.server.getServiceAuth: the token verifies with the key in the account's DID
 * document, carries what was asked, and the reference's limits hold (expiry, protected and
 * privileged methods, audiences, app passwords, taken-down accounts).
 */
class ServiceAuthTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String AUTH = "/xrpc/com.atproto.server.getServiceAuth";
    static final String VIDEO = "did:web:video.example.com";
    static final String UPLOAD = "com.atproto.repo.uploadBlob";

    @TempDir
    static Path data;
    static TestServer pds;
    static TestServer.Session alice;

    @BeforeAll
    static void start() throws Exception {
        pds = TestServer.start(data);
        alice = pds.createAccount("alice");
    }

    @AfterAll
    static void stop() {
        pds.close();
    }

    static HttpResponse<String> ask(String token, String... params) throws Exception {
        StringBuilder q = new StringBuilder(AUTH);
        for (int i = 0; i < params.length; i += 2) {
            q.append(i == 0 ? '?' : '&').append(params[i]).append('=').append(URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
        }
        return pds.get(q.toString(), token);
    }

    static JsonNode part(String jwt, int i) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[i]));
    }

    static String token(HttpResponse<String> r) throws Exception {
        assertEquals(200, r.statusCode(), r.body());
        return json(r).get("token").asText();
    }

    @Test
    void aTokenForOneMethodIsSignedWithTheAccountsKey() throws Exception {
        long before = System.currentTimeMillis() / 1000;
        String jwt = token(ask(alice.accessJwt(), "aud", VIDEO, "lxm", UPLOAD));
        JsonNode header = part(jwt, 0);
        assertEquals("ES256K", header.get("alg").asText());
        assertEquals("JWT", header.get("typ").asText());
        JsonNode claims = part(jwt, 1);
        assertEquals(alice.did(), claims.get("iss").asText());
        assertEquals(VIDEO, claims.get("aud").asText());
        assertEquals(UPLOAD, claims.get("lxm").asText());
        assertEquals(60, claims.get("exp").asLong() - claims.get("iat").asLong());
        assertTrue(claims.get("iat").asLong() >= before - 1, claims.toString());
        assertEquals(32, claims.get("jti").asText().length());
        JsonNode doc = json(pds.get("/xrpc/com.atproto.repo.describeRepo?repo=" + alice.did())).get("didDoc");
        String didKey = "did:key:" + doc.get("verificationMethod").get(0).get("publicKeyMultibase").asText();
        int dot = jwt.lastIndexOf('.');
        assertTrue(DidKey.verifySignature(didKey, jwt.substring(0, dot).getBytes(StandardCharsets.US_ASCII),
                Base64.getUrlDecoder().decode(jwt.substring(dot + 1))), "the DID document's key verifies the token");
        String other = token(ask(alice.accessJwt(), "aud", VIDEO, "lxm", UPLOAD));
        assertFalse(part(other, 1).get("jti").equals(claims.get("jti")), "each token has its own jti");
    }

    @Test
    void theExpiryAskedForIsKeptWithinTheLimits() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        JsonNode bound = part(token(ask(alice.accessJwt(), "aud", VIDEO, "lxm", UPLOAD, "exp", String.valueOf(now + 1800))), 1);
        assertEquals(now + 1800, bound.get("exp").asLong());
        // bound to no method: no lxm claim, and at most a minute
        JsonNode free = part(token(ask(alice.accessJwt(), "aud", "did:web:api.bsky.chat#bsky_chat", "exp", String.valueOf(now + 30))), 1);
        assertEquals(now + 30, free.get("exp").asLong());
        assertFalse(free.has("lxm"), free.toString());
        assertEquals("did:web:api.bsky.chat#bsky_chat", free.get("aud").asText(), "a did#service audience is kept whole");

        assertError(ask(alice.accessJwt(), "aud", VIDEO, "lxm", UPLOAD, "exp", String.valueOf(now - 5)), 400, "BadExpiration");
        assertError(ask(alice.accessJwt(), "aud", VIDEO, "lxm", UPLOAD, "exp", String.valueOf(now + 7200)), 400, "BadExpiration");
        assertError(ask(alice.accessJwt(), "aud", VIDEO, "exp", String.valueOf(now + 300)), 400, "BadExpiration");
        assertError(ask(alice.accessJwt(), "aud", VIDEO, "lxm", UPLOAD, "exp", "soon"), 400, "InvalidRequest");
    }

    @Test
    void onlyAtprotoServiceDidsAreAudiences() throws Exception {
        for (String bad : List.of("video.example.com", "did:plc:short", "did:web:example.com:path", "did:web:example.com%3A8443",
                "did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme", "did:web:example.com#", "did:web:a.com#x#y",
                "did:web:a.com#bad fragment")) {
            assertError(ask(alice.accessJwt(), "aud", bad, "lxm", UPLOAD), 400, "InvalidRequest");
        }
        assertEquals(200, ask(alice.accessJwt(), "aud", "did:plc:ewvi7nxzyoun6zhxrhs64oiz", "lxm", UPLOAD).statusCode());
        assertEquals(200, ask(alice.accessJwt(), "aud", "did:web:localhost%3A2583", "lxm", UPLOAD).statusCode());
        assertError(ask(alice.accessJwt(), "lxm", UPLOAD), 400, "InvalidRequest");
        assertError(ask(alice.accessJwt(), "aud", VIDEO, "lxm", "not an nsid"), 400, "InvalidRequest");
    }

    @Test
    void accountManagementIsNeverServiceAuthedAndChatNeedsAPrivilegedSession() throws Exception {
        HttpResponse<String> session = ask(alice.accessJwt(), "aud", VIDEO, "lxm", "com.atproto.server.getSession");
        assertError(session, 400, "InvalidRequest");
        assertTrue(json(session).get("message").asText().contains("protected method"), session.body());

        String password = json(pds.postJson(AppPasswordsTest.CREATE, "{\"name\":\"plain\"}", alice.accessJwt())).get("password").asText();
        String app = json(pds.postJson(AppPasswordsTest.LOGIN, "{\"identifier\":\"" + alice.handle() + "\",\"password\":\""
                + password + "\"}")).get("accessJwt").asText();
        assertEquals(200, ask(app, "aud", VIDEO, "lxm", UPLOAD).statusCode(), "an app password may ask for ordinary methods");
        HttpResponse<String> chat = ask(app, "aud", "did:web:api.bsky.chat#bsky_chat", "lxm", "chat.bsky.convo.getLog");
        assertError(chat, 400, "InvalidRequest");
        assertTrue(json(chat).get("message").asText().contains("insufficient access"), chat.body());
        assertError(ask(app, "aud", VIDEO, "lxm", "com.atproto.server.createAccount"), 400, "InvalidRequest");
        assertEquals(200, ask(alice.accessJwt(), "aud", "did:web:api.bsky.chat#bsky_chat", "lxm", "chat.bsky.convo.getLog").statusCode(),
                "a full session may");

        assertError(ask(null, "aud", VIDEO, "lxm", UPLOAD), 401, "AuthMissing");
        assertError(ask(alice.refreshJwt(), "aud", VIDEO, "lxm", UPLOAD), 400, "InvalidToken");
    }

    @Test
    void aTakenDownAccountGetsNoTokenButForAccountCreationAndNotThatOneEither() throws Exception {
        TestServer.Session bob = pds.createAccount("bob");
        AppContext context = pds.server.context();
        Account b = context.accounts().byDid(Did.parse(bob.did())).orElseThrow();
        context.store().writeTables(context.accounts().update(b, b.withStatus(AccountStatus.TAKENDOWN)), List.of()).join();
        HttpResponse<String> login = pds.postJson(AppPasswordsTest.LOGIN, "{\"identifier\":\"" + bob.handle()
                + "\",\"password\":\"bob-pass\",\"allowTakendown\":true}");
        String takendown = json(login).get("accessJwt").asText();
        assertError(ask(takendown, "aud", VIDEO, "lxm", UPLOAD), 400, "InvalidToken");
        // the reference lets the takendown scope through for createAccount, then finds it unprivileged
        assertError(ask(takendown, "aud", VIDEO, "lxm", "com.atproto.server.createAccount"), 400, "InvalidRequest");
    }
}
