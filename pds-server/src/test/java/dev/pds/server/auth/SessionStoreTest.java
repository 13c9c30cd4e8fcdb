package dev.pds.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.core.store.RepoStore;
import dev.pds.core.store.StoreConfig;
import dev.pds.core.syntax.Did;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Refresh token rotation and revocation over a real store, with the time given explicitly. */
class SessionStoreTest {
    static final Did ALICE = Did.parse("did:plc:aliceaaaaaaaaaaaaaaaaaaa");
    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    @TempDir
    Path dir;
    RepoStore store;
    SessionStore sessions;
    SessionTokens tokens;

    @BeforeEach
    void open() {
        store = RepoStore.open(dir, StoreConfig.defaults());
        sessions = new SessionStore(store);
        tokens = new SessionTokens("a test secret of at least thirty-two bytes", "did:web:pds.test",
                Clock.fixed(T0, ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        store.close();
    }

    SessionStore.Started start(Optional<String> appPassword) {
        SessionStore.Started s = sessions.start(ALICE, AuthScope.ACCESS, appPassword, tokens, T0);
        store.writeTables(s.writes(), List.of()).join();
        return s;
    }

    Credentials refreshClaims(SessionTokens.Pair pair) {
        return tokens.verifyRefresh(pair.refreshJwt());
    }

    Optional<SessionStore.Rotated> rotate(Credentials c, Instant now) {
        return sessions.rotate(c.tokenId(), c.sessionId(), c.did(), tokens, now);
    }

    @Test
    void aRefreshGivesTheNextTokenOfTheSameSessionAndRetriesWithinTheGraceGetTheSameOne() {
        Credentials first = refreshClaims(start(Optional.empty()).tokens());
        SessionStore.Rotated a = rotate(first, T0.plusSeconds(60)).orElseThrow();
        Credentials next = refreshClaims(a.tokens());
        assertEquals(first.sessionId(), next.sessionId());
        assertNotEquals(first.tokenId(), next.tokenId());

        SessionStore.Rotated again = rotate(first, T0.plus(SessionStore.REFRESH_GRACE).minusSeconds(1)).orElseThrow();
        assertEquals(next.tokenId(), refreshClaims(again.tokens()).tokenId(), "a retry converges on the same next token");
        assertTrue(rotate(first, T0.plusSeconds(60).plus(SessionStore.REFRESH_GRACE)).isEmpty(), "past the grace");

        // the next token is good for its whole life, and its own successor is new
        SessionStore.Rotated b = rotate(next, T0.plus(Duration.ofDays(30))).orElseThrow();
        assertNotEquals(next.tokenId(), refreshClaims(b.tokens()).tokenId());
    }

    @Test
    void usedTokensPastTheirGraceAreTidiedAwayAtTheNextRefresh() {
        Credentials c = refreshClaims(start(Optional.empty()).tokens());
        Instant now = T0;
        for (int i = 0; i < 5; i++) {
            now = now.plus(Duration.ofHours(3));
            c = refreshClaims(rotate(c, now).orElseThrow().tokens());
        }
        // of the six tokens made, the last is live and the one before it expired at the last refresh
        String live = c.tokenId();
        assertTrue(sessions.refreshToken(live).isPresent());
        assertEquals(2, store.scan(dev.pds.core.store.Table.AUTH, ("R\0" + c.sessionId() + "\0").getBytes(), null, 100, false).size(),
                "the live token and the one just used");
    }

    @Test
    void anExpiredTokenOrAnotherSessionsTokenIdDoesNotRotate() {
        SessionStore.Started started = start(Optional.empty());
        Credentials c = refreshClaims(started.tokens());
        assertTrue(rotate(c, started.tokens().refreshExpiresAt()).isEmpty(), "expired");
        assertTrue(sessions.rotate(c.tokenId(), "another session", ALICE, tokens, T0).isEmpty());
        assertTrue(sessions.rotate(c.tokenId(), c.sessionId(), Did.parse("did:plc:bobbbbbbbbbbbbbbbbbbbbbb"), tokens, T0).isEmpty());
        assertTrue(rotate(c, T0.plusSeconds(1)).isPresent(), "still good for its own session");
    }

    @Test
    void revokingASessionEndsItsWholeChainAndOnlyIt() {
        Credentials first = refreshClaims(start(Optional.empty()).tokens());
        Credentials other = refreshClaims(start(Optional.of("phone")).tokens());
        Credentials next = refreshClaims(rotate(first, T0.plusSeconds(1)).orElseThrow().tokens());
        assertTrue(sessions.revoke(first.sessionId()));
        assertFalse(sessions.revoke(first.sessionId()), "already gone");
        assertTrue(rotate(next, T0.plusSeconds(2)).isEmpty());
        assertTrue(rotate(first, T0.plusSeconds(2)).isEmpty(), "an older token cannot revive the session");
        assertTrue(sessions.refreshToken(first.tokenId()).isEmpty() && sessions.refreshToken(next.tokenId()).isEmpty());
        assertTrue(sessions.session(other.sessionId()).isPresent());

        assertEquals(1, sessions.revokeWhere(ALICE, s -> s.appPassword().equals(Optional.of("phone"))));
        assertTrue(sessions.sessionIds(ALICE).isEmpty());
    }

    @Test
    void concurrentRefreshesOfOneTokenAllGetTheSameNextToken() throws Exception {
        Credentials first = refreshClaims(start(Optional.empty()).tokens());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> answers = IntStream.range(0, 16).mapToObj(i -> pool.submit(
                    () -> refreshClaims(rotate(first, T0.plusSeconds(5)).orElseThrow().tokens()).tokenId())).toList();
            String expected = answers.get(0).get();
            for (Future<String> f : answers) {
                assertEquals(expected, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
