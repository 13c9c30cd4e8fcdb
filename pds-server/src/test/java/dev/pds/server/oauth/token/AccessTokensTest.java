package dev.pds.server.oauth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.server.MovableClock;
import dev.pds.server.oauth.OAuthException;
import dev.pds.server.oauth.client.ClientAuth;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Access tokens and the memory of those already verified: it may only save the MAC check of
 * the very same text, and never outlive the token's expiry. (Revocation is checked against
 * the session on every call; the end-to-end ResourceServerTest shows a used, hence
 * remembered, token refused at once after a refresh or a revocation.)
 */
class AccessTokensTest {
    static final String ISSUER = "https://pds.example";
    static final String AUDIENCE = "did:web:pds.example";


    final MovableClock clock = new MovableClock();
    final byte[] key = filled(7);
    final AccessTokens tokens = new AccessTokens(key, ISSUER, AUDIENCE, clock);

    static byte[] filled(int b) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) b);
        return k;
    }

    Grant grant(String id) {
        Instant now = clock.instant();
        return new Grant(id, "did:plc:alice", "http://localhost", ClientAuth.NONE, "atproto", "jkt-" + id, id + ".jti",
                Optional.empty(), "code", Optional.empty(), now, now, now.plus(Duration.ofMinutes(15)));
    }

    static void invalid(AccessTokens t, String token, String part) {
        OAuthException e = assertThrows(OAuthException.class, () -> t.verify(token));
        assertEquals("invalid_token", e.error());
        assertTrue(e.description().contains(part), e.description());
    }

    @Test
    void aRememberedTokenStillExpiresOnTime() {
        String token = tokens.issue(grant("g1"), clock.instant());
        AccessTokens.Claims first = tokens.verify(token);
        assertEquals("g1", first.grantId());
        assertEquals("jkt-g1", first.jkt());
        assertEquals(1, tokens.cachedTokens());
        assertSame(first, tokens.verify(token), "the second call is answered from memory");
        clock.now = clock.now.plus(Duration.ofMinutes(15));
        assertEquals("did:plc:alice", tokens.verify(token).did(), "valid up to its exp");
        clock.now = clock.now.plusSeconds(1);
        invalid(tokens, token, "expired");
        // and a fresh verifier says the same
        invalid(new AccessTokens(key, ISSUER, AUDIENCE, clock), token, "expired");
    }

    @Test
    void onlyTheVerySameTextIsTakenFromMemory() {
        String token = tokens.issue(grant("g2"), clock.instant());
        tokens.verify(token);
        int sig = token.lastIndexOf('.') + 1;
        String tampered = token.substring(0, sig) + (token.charAt(sig) == 'A' ? 'B' : 'A') + token.substring(sig + 1);
        invalid(tokens, tampered, "could not be verified");
        invalid(tokens, token + "x", "could not be verified");
        String otherKey = new AccessTokens(filled(8), ISSUER, AUDIENCE, clock).issue(grant("g2"), clock.instant());
        invalid(tokens, otherKey, "could not be verified");
        assertEquals(1, tokens.cachedTokens(), "refused tokens are not remembered");
    }

    @Test
    void theMemoryIsBounded() {
        for (int i = 0; i < AccessTokens.MAX_CACHED_TOKENS + 10; i++) {
            tokens.verify(tokens.issue(grant("g" + i), clock.instant()));
        }
        assertEquals(AccessTokens.MAX_CACHED_TOKENS, tokens.cachedTokens());
        // an evicted token is simply verified again
        String first = tokens.issue(grant("g0"), clock.instant());
        assertEquals("g0", tokens.verify(first).grantId());
    }
}
