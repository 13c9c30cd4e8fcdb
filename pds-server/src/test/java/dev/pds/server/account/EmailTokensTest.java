package dev.pds.server.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.core.error.XrpcException;
import dev.pds.core.store.RepoStore;
import dev.pds.core.store.StoreConfig;
import dev.pds.core.syntax.Did;
import dev.pds.server.MovableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mail codes: their format, their 15 minutes, one per account and purpose, used once. */
class EmailTokensTest {
    static final Did ALICE = Did.parse("did:plc:alice234567abcdefghijkl");
    static final Did BOB = Did.parse("did:plc:bob34567abcdefghijklmnop");

    @TempDir
    Path dir;

    @Test
    void aCodeLastsFifteenMinutesIsUsedOnceAndANewOneReplacesIt() {
        MovableClock clock = new MovableClock();
        try (RepoStore store = RepoStore.open(dir, StoreConfig.defaults())) {
            EmailTokens tokens = new EmailTokens(store, clock);
            String first = tokens.issue(ALICE, EmailTokens.Purpose.RESET_PASSWORD);
            assertTrue(first.matches("[A-Z2-7]{5}-[A-Z2-7]{5}"), first);
            String second = tokens.issue(ALICE, EmailTokens.Purpose.RESET_PASSWORD);
            assertNotEquals(first, second);
            assertEquals("InvalidToken", assertThrows(XrpcException.class,
                    () -> tokens.redeem(ALICE, EmailTokens.Purpose.RESET_PASSWORD, first)).error(), "the older code stopped working");
            assertEquals("InvalidToken", assertThrows(XrpcException.class,
                    () -> tokens.accountOf(EmailTokens.Purpose.RESET_PASSWORD, first)).error());
            assertEquals(ALICE, tokens.accountOf(EmailTokens.Purpose.RESET_PASSWORD, second.toLowerCase()));
            // another purpose, another account: not this code
            assertThrows(XrpcException.class, () -> tokens.redeem(ALICE, EmailTokens.Purpose.DELETE_ACCOUNT, second));
            assertThrows(XrpcException.class, () -> tokens.redeem(BOB, EmailTokens.Purpose.RESET_PASSWORD, second));

            clock.now = clock.now.plus(EmailTokens.LIFETIME).plus(Duration.ofSeconds(1));
            assertEquals("ExpiredToken", assertThrows(XrpcException.class,
                    () -> tokens.redeem(ALICE, EmailTokens.Purpose.RESET_PASSWORD, second)).error());

            String third = tokens.issue(ALICE, EmailTokens.Purpose.RESET_PASSWORD);
            clock.now = clock.now.plus(Duration.ofMinutes(14));
            store.writeTables(tokens.redeem(ALICE, EmailTokens.Purpose.RESET_PASSWORD, third), List.of()).join();
            assertEquals("InvalidToken", assertThrows(XrpcException.class,
                    () -> tokens.redeem(ALICE, EmailTokens.Purpose.RESET_PASSWORD, third)).error(), "used once");
            assertThrows(XrpcException.class, () -> tokens.accountOf(EmailTokens.Purpose.RESET_PASSWORD, third));
        }
    }

    @Test
    void forgettingAnAccountForgetsItsCodes() {
        MovableClock clock = new MovableClock();
        try (RepoStore store = RepoStore.open(dir, StoreConfig.defaults())) {
            EmailTokens tokens = new EmailTokens(store, clock);
            String reset = tokens.issue(ALICE, EmailTokens.Purpose.RESET_PASSWORD);
            String plc = tokens.issue(ALICE, EmailTokens.Purpose.PLC_OPERATION);
            String bobs = tokens.issue(BOB, EmailTokens.Purpose.PLC_OPERATION);
            store.writeTables(tokens.forgetAccount(ALICE), List.of()).join();
            assertThrows(XrpcException.class, () -> tokens.accountOf(EmailTokens.Purpose.RESET_PASSWORD, reset));
            assertThrows(XrpcException.class, () -> tokens.redeem(ALICE, EmailTokens.Purpose.PLC_OPERATION, plc));
            assertEquals(BOB, tokens.accountOf(EmailTokens.Purpose.PLC_OPERATION, bobs));
        }
    }
}
