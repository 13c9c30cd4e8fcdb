package dev.pds.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.core.error.XrpcException;
import dev.pds.core.store.RepoStore;
import dev.pds.core.store.StoreConfig;
import dev.pds.core.syntax.Did;
import dev.pds.server.account.PasswordHasher;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** App passwords over a real store: format, lookup by one hash, limits, and revocation against login. */
class AppPasswordStoreTest {
    static final Did ALICE = Did.parse("did:plc:aliceaaaaaaaaaaaaaaaaaaa");
    static final Did BOB = Did.parse("did:plc:bobbbbbbbbbbbbbbbbbbbbbb");
    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    @TempDir
    Path dir;
    RepoStore store;
    SessionStore sessions;
    AppPasswordStore appPasswords;
    SessionTokens tokens;

    @BeforeEach
    void open() {
        store = RepoStore.open(dir, StoreConfig.defaults());
        sessions = new SessionStore(store);
        // a small scrypt cost: these tests hash over a hundred times
        appPasswords = new AppPasswordStore(store, new PasswordHasher(1 << 10), sessions);
        tokens = new SessionTokens("a test secret of at least thirty-two bytes", "did:web:pds.test",
                Clock.fixed(T0, ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void eachAppPasswordIsFoundByItsOwnSecretOnlyAndOnlyForItsAccount() {
        AppPasswordStore.Created one = appPasswords.create(ALICE, "one", false, T0);
        AppPasswordStore.Created two = appPasswords.create(ALICE, "two", true, T0.plusSeconds(1));
        assertTrue(one.password().matches("[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}"), one.password());
        assertEquals(Optional.of(one.appPassword()), appPasswords.match(ALICE, one.password()));
        assertEquals(Optional.of(two.appPassword()), appPasswords.match(ALICE, two.password()));
        assertEquals(AuthScope.APP_PASS_PRIVILEGED, two.appPassword().scope());
        assertEquals(Optional.empty(), appPasswords.match(BOB, one.password()));
        assertEquals(Optional.empty(), appPasswords.match(ALICE, one.password().toUpperCase()));
        assertEquals(Optional.empty(), appPasswords.match(ALICE, "x".repeat(PasswordHasher.MAX_PASSWORD_CHARS + 1)));
        assertEquals(java.util.List.of(two.appPassword(), one.appPassword()), appPasswords.list(ALICE));
    }

    @Test
    void secretsAreFreshEachTime() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            assertTrue(seen.add(appPasswords.create(ALICE, "n" + i, false, T0).password()));
        }
    }

    @Test
    void anAccountHasAtMostTheLimitAndNamesAreChecked() {
        for (int i = 0; i < AppPasswordStore.MAX_PER_ACCOUNT; i++) {
            appPasswords.create(ALICE, "p" + i, false, T0);
        }
        XrpcException tooMany = assertThrows(XrpcException.class, () -> appPasswords.create(ALICE, "one more", false, T0));
        assertEquals("InvalidRequest", tooMany.error());
        appPasswords.create(BOB, "p0", false, T0);
        assertTrue(appPasswords.revoke(ALICE, "p0"));
        appPasswords.create(ALICE, "one more", false, T0);

        for (String bad : new String[] {"", " ", "tab\there", "x".repeat(AppPasswordStore.MAX_NAME_CHARS + 1), "p1"}) {
            assertEquals("InvalidRequest", assertThrows(XrpcException.class,
                    () -> appPasswords.create(ALICE, bad, false, T0)).error(), bad);
        }
    }

    @Test
    void aLoginThatMatchedBeforeARevocationGetsNoSession() {
        AppPasswordStore.Created phone = appPasswords.create(ALICE, "phone", false, T0);
        AppPasswordStore.AppPassword matched = appPasswords.match(ALICE, phone.password()).orElseThrow();
        Optional<SessionStore.Started> first = appPasswords.startSession(ALICE, matched, tokens, T0);
        assertTrue(first.isPresent());
        assertTrue(appPasswords.revoke(ALICE, "phone"));
        assertFalse(appPasswords.revoke(ALICE, "phone"));
        assertEquals(Optional.empty(), appPasswords.startSession(ALICE, matched, tokens, T0));
        assertTrue(sessions.sessionIds(ALICE).isEmpty(), "the earlier session went with it");
    }
}
