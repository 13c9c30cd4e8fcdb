package dev.pds.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pds.core.error.XrpcException;
import dev.pds.core.syntax.Did;
import dev.pds.server.MovableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Session tokens and the memory of access tokens already verified: it may only save the MAC
 * check of the very same text, and never outlive the token's expiry. (Revocation is the
 * session row's check on every call: RefreshAndLogoutTest shows a used, hence remembered,
 * token refused at once after logout.)
 */
class SessionTokensTest {
    static final String SERVICE = "did:web:pds.example";
    static final Did ALICE = Did.parse("did:plc:alice234567abcdefghijklm");


    final MovableClock clock = new MovableClock();
    final SessionTokens tokens = new SessionTokens("a-jwt-secret-of-at-least-32-bytes!!", SERVICE, clock);

    static String errorName(Runnable r) {
        return assertThrows(XrpcException.class, r::run).error();
    }

    @Test
    void aRememberedTokenGivesTheSameCredentials() {
        SessionTokens.Pair pair = tokens.issue(ALICE, AuthScope.ACCESS, "sid-1", "rid-1");
        Credentials first = tokens.verifyAccess(pair.accessJwt());
        Credentials second = tokens.verifyAccess(pair.accessJwt());
        assertEquals(first, second);
        assertEquals(ALICE, second.did());
        assertEquals("sid-1", second.sessionId());
        assertEquals(AuthScope.ACCESS, second.scope());
        assertEquals(1, tokens.cachedAccessTokens());
    }

    @Test
    void aRememberedTokenStillExpires() {
        SessionTokens.Pair pair = tokens.issue(ALICE, AuthScope.ACCESS, "sid-1", "rid-1");
        tokens.verifyAccess(pair.accessJwt());
        clock.now = clock.now.plus(SessionTokens.ACCESS_LIFETIME).plusSeconds(10);
        assertEquals(ALICE, tokens.verifyAccess(pair.accessJwt()).did(), "within the verifier's clock skew");
        clock.now = clock.now.plus(Duration.ofMinutes(1));
        assertEquals("ExpiredToken", errorName(() -> tokens.verifyAccess(pair.accessJwt())));
        // a fresh verifier, with nothing remembered, says the same
        SessionTokens other = new SessionTokens("a-jwt-secret-of-at-least-32-bytes!!", SERVICE, clock);
        assertEquals("ExpiredToken", errorName(() -> other.verifyAccess(pair.accessJwt())));
    }

    @Test
    void anAlteredTextIsVerifiedAfreshAndRefused() {
        String good = tokens.issue(ALICE, AuthScope.ACCESS, "sid-1", "rid-1").accessJwt();
        tokens.verifyAccess(good);
        char last = good.charAt(good.length() - 1);
        String altered = good.substring(0, good.length() - 1) + (last == 'A' ? 'B' : 'A');
        assertEquals("InvalidToken", errorName(() -> tokens.verifyAccess(altered)));
        assertEquals("InvalidToken", errorName(() -> tokens.verifyAccess(good + ".")));
        assertEquals(1, tokens.cachedAccessTokens(), "refused tokens are not remembered");
    }

    @Test
    void refreshTokensAreNeverAcceptedAsAccessTokens() {
        SessionTokens.Pair pair = tokens.issue(ALICE, AuthScope.ACCESS, "sid-1", "rid-1");
        tokens.verifyAccess(pair.accessJwt());
        assertEquals("InvalidToken", errorName(() -> tokens.verifyAccess(pair.refreshJwt())));
        assertEquals("InvalidToken", errorName(() -> tokens.verifyAccess(pair.refreshJwt())));
        assertEquals(ALICE, tokens.verifyRefresh(pair.refreshJwt()).did());
    }

    @Test
    void anotherSecretsTokensAreRefusedEvenWhenTheTextWasSeenElsewhere() {
        SessionTokens elsewhere = new SessionTokens("another-secret-of-at-least-32-bytes", SERVICE, clock);
        String foreign = elsewhere.issue(ALICE, AuthScope.ACCESS, "sid-1", "rid-1").accessJwt();
        elsewhere.verifyAccess(foreign);
        assertEquals("InvalidToken", errorName(() -> tokens.verifyAccess(foreign)));
    }

    @Test
    void theMemoryIsBounded() {
        for (int i = 0; i < SessionTokens.MAX_CACHED_TOKENS + 50; i++) {
            tokens.verifyAccess(tokens.issue(ALICE, AuthScope.ACCESS, "sid-" + i, "rid-" + i).accessJwt());
        }
        assertEquals(SessionTokens.MAX_CACHED_TOKENS, tokens.cachedAccessTokens());
    }
}
