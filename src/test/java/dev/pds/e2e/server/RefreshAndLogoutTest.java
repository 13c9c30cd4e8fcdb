package dev.pds.e2e.server;

import static dev.pds.e2e.server.AccountsAndSessionsTest.assertError;
import static dev.pds.e2e.server.AccountsAndSessionsTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.pds.core.store.TableWrites;
import dev.pds.crypto.jwt.JwtSigner;
import dev.pds.e2e.TestServer;
import dev.pds.server.auth.SessionStore;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** refreshSession and deleteSession against a started server: rotation, grace, revocation. */
class RefreshAndLogoutTest {
    static final String REFRESH = "/xrpc/com.atproto.server.refreshSession";
    static final String LOGOUT = "/xrpc/com.atproto.server.deleteSession";
    static final String WHOAMI = "/xrpc/com.atproto.server.getSession";

    @TempDir
    Path data;

    static HttpResponse<String> post(TestServer pds, String path, String token) throws Exception {
        var b = pds.request(path).POST(java.net.http.HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return pds.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JWTClaimsSet claims(String jwt) throws Exception {
        return SignedJWT.parse(jwt).getJWTClaimsSet();
    }

    @Test
    void refreshGivesANewPairOfTheSameSessionWithTheAccountFields() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            TestServer.Session alice = pds.createAccount("alice");
            HttpResponse<String> r = post(pds, REFRESH, alice.refreshJwt());
            assertEquals(200, r.statusCode(), r.body());
            JsonNode body = json(r);
            assertEquals(alice.did(), body.get("did").asText());
            assertEquals("alice.test", body.get("handle").asText());
            assertEquals("alice@example.com", body.get("email").asText());
            assertTrue(body.get("active").asBoolean());
            assertFalse(body.has("status"), "active accounts carry no status");
            assertEquals(alice.did(), body.get("didDoc").get("id").asText());
            String access = body.get("accessJwt").asText();
            String refresh = body.get("refreshJwt").asText();
            assertNotEquals(alice.refreshJwt(), refresh);
            assertEquals(claims(alice.refreshJwt()).getClaim("sid"), claims(refresh).getClaim("sid"), "same session");
            assertNotEquals(claims(alice.refreshJwt()).getJWTID(), claims(refresh).getJWTID());
            assertEquals("com.atproto.refresh", claims(refresh).getStringClaim("scope"));
            assertEquals("com.atproto.access", claims(access).getStringClaim("scope"));

            assertEquals(200, pds.get(WHOAMI, access).statusCode());
            assertEquals(200, pds.get(WHOAMI, alice.accessJwt()).statusCode(), "earlier access tokens live out their time");
            HttpResponse<String> again = post(pds, REFRESH, refresh);
            assertEquals(200, again.statusCode(), "the new refresh token works in turn: " + again.body());
        }
    }

    @Test
    void aReusedTokenWithinTheGraceGetsTheSameNextTokenAndAfterItIsRefused() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            TestServer.Session alice = pds.createAccount("alice");
            String next = json(post(pds, REFRESH, alice.refreshJwt())).get("refreshJwt").asText();
            HttpResponse<String> retry = post(pds, REFRESH, alice.refreshJwt());
            assertEquals(200, retry.statusCode(), retry.body());
            assertEquals(claims(next).getJWTID(), claims(json(retry).get("refreshJwt").asText()).getJWTID(),
                    "a lost answer can be asked again and leads to the same chain");

            // let the used token's grace run out (as time would), then reuse it
            SessionStore sessions = pds.server.context().sessions();
            String usedId = claims(alice.refreshJwt()).getJWTID();
            SessionStore.RefreshToken used = sessions.refreshToken(usedId).orElseThrow();
            assertTrue(used.expiresAt().isBefore(Instant.now().plus(SessionStore.REFRESH_GRACE).plusSeconds(5)),
                    "a used token only lives for the grace period");
            TableWrites expire = sessions.putRefreshToken(new SessionStore.RefreshToken(used.id(), used.sessionId(),
                    used.did(), Instant.now().minusSeconds(1), used.nextId()));
            pds.server.context().store().writeTables(expire, List.of()).join();
            assertError(post(pds, REFRESH, alice.refreshJwt()), 400, "ExpiredToken");
            assertEquals(200, post(pds, REFRESH, next).statusCode(), "the chain goes on from the current token");
        }
    }

    @Test
    void badRefreshTokensGetTheNamesClientsActOn() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            TestServer.Session alice = pds.createAccount("alice");
            assertError(post(pds, REFRESH, null), 401, "AuthMissing");
            assertError(post(pds, REFRESH, "not.a.jwt"), 400, "InvalidToken");
            assertError(post(pds, REFRESH, alice.accessJwt()), 400, "InvalidToken");
            JwtSigner signer = JwtSigner.hs256(pds.server.config().secrets().jwtSecret().getBytes(StandardCharsets.UTF_8));
            JWTClaimsSet real = claims(alice.refreshJwt());
            Instant past = Instant.now().minusSeconds(60);
            String expired = signer.sign("refresh+jwt", new JWTClaimsSet.Builder(real)
                    .issueTime(Date.from(past.minusSeconds(3600))).expirationTime(Date.from(past)).build());
            assertError(post(pds, REFRESH, expired), 400, "ExpiredToken");
            String unknownId = signer.sign("refresh+jwt", new JWTClaimsSet.Builder(real).jwtID("no-such-token").build());
            assertError(post(pds, REFRESH, unknownId), 400, "ExpiredToken");
            String forged = JwtSigner.hs256("another secret of at least thirty-two bytes".getBytes(StandardCharsets.UTF_8))
                    .sign("refresh+jwt", real);
            assertError(post(pds, REFRESH, forged), 400, "InvalidToken");
            assertError(post(pds, LOGOUT, forged), 400, "InvalidToken");
            assertError(post(pds, LOGOUT, alice.accessJwt()), 400, "InvalidToken");
            assertError(post(pds, LOGOUT, null), 401, "AuthMissing");
            assertEquals(200, pds.get(WHOAMI, alice.accessJwt()).statusCode(), "none of it touched the session");
        }
    }

    @Test
    void deleteSessionEndsTheWholeSessionAtOnceAndOnlyIt() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            TestServer.Session alice = pds.createAccount("alice");
            HttpResponse<String> login = pds.postJson("/xrpc/com.atproto.server.createSession",
                    "{\"identifier\":\"alice.test\",\"password\":\"alice-pass\"}");
            String otherAccess = json(login).get("accessJwt").asText();
            JsonNode rotated = json(post(pds, REFRESH, alice.refreshJwt()));
            String access = rotated.get("accessJwt").asText();
            String refresh = rotated.get("refreshJwt").asText();

            HttpResponse<String> out = post(pds, LOGOUT, refresh);
            assertEquals(200, out.statusCode(), out.body());
            assertEquals("", out.body());
            assertError(pds.get(WHOAMI, access), 400, "ExpiredToken");
            assertError(pds.get(WHOAMI, alice.accessJwt()), 400, "ExpiredToken");
            assertError(post(pds, REFRESH, refresh), 400, "ExpiredToken");
            assertError(post(pds, REFRESH, alice.refreshJwt()), 400, "ExpiredToken");
            assertEquals(200, pds.get(WHOAMI, otherAccess).statusCode(), "the other login lives on");
            assertEquals(200, post(pds, LOGOUT, refresh).statusCode(), "logging out twice is fine");
        }
    }

    @Test
    void anExpiredRefreshTokenStillLogsOut() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            TestServer.Session alice = pds.createAccount("alice");
            JwtSigner signer = JwtSigner.hs256(pds.server.config().secrets().jwtSecret().getBytes(StandardCharsets.UTF_8));
            Instant past = Instant.now().minusSeconds(60);
            String expired = signer.sign("refresh+jwt", new JWTClaimsSet.Builder(claims(alice.refreshJwt()))
                    .issueTime(Date.from(past.minusSeconds(3600))).expirationTime(Date.from(past)).build());
            assertEquals(200, post(pds, LOGOUT, expired).statusCode());
            assertError(pds.get(WHOAMI, alice.accessJwt()), 400, "ExpiredToken");
            assertTrue(pds.server.context().sessions().sessionIds(dev.pds.core.syntax.Did.parse(alice.did())).isEmpty());
            assertEquals(Optional.empty(), pds.server.context().sessions().refreshToken(claims(alice.refreshJwt()).getJWTID()));
        }
    }

    @Test
    void refreshedSessionsSurviveARestart() throws Exception {
        String refresh;
        try (TestServer pds = TestServer.start(data)) {
            refresh = json(post(pds, REFRESH, pds.createAccount("alice").refreshJwt())).get("refreshJwt").asText();
        }
        try (TestServer pds = TestServer.start(data)) {
            HttpResponse<String> r = post(pds, REFRESH, refresh);
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(200, pds.get(WHOAMI, json(r).get("accessJwt").asText()).statusCode());
        }
    }
}
