package dev.pds.server.moderation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.core.data.Cid;
import dev.pds.core.error.XrpcException;
import dev.pds.core.store.RepoStore;
import dev.pds.core.store.StoreConfig;
import dev.pds.core.syntax.Did;
import dev.pds.core.syntax.Nsid;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Takedown references: kept per account, record and blob; one collection's keys; all forgotten with the account. */
class TakedownsTest {
    static final Did ALICE = Did.parse("did:plc:alice234567abcdefghijkl");
    static final Did ALICE_LONGER = Did.parse("did:plc:alice234567abcdefghijklm");
    static final Cid BLOB = Cid.parse("bafkreibme22gw2h7y2h7tg2fhqotaqjucnbc24deqo72b6mkl2egezxhvy");

    @TempDir
    Path dir;

    @Test
    void referencesAreKeptPerSubjectAndForgottenWithTheAccount() {
        try (RepoStore store = RepoStore.open(dir, StoreConfig.defaults())) {
            Takedowns takedowns = new Takedowns(store);
            store.writeTables(takedowns.setAccount(ALICE, Optional.of("a1"))
                    .addAll(takedowns.setRecord(ALICE, "app.bsky.feed.post", "3k1", Optional.of("r1")))
                    .addAll(takedowns.setRecord(ALICE, "app.bsky.feed.post", "3k2", Optional.of("r2")))
                    .addAll(takedowns.setRecord(ALICE, "app.bsky.feed.postgate", "3k3", Optional.of("r3")))
                    .addAll(takedowns.setBlob(ALICE, BLOB, Optional.of("b1")))
                    .addAll(takedowns.setRecord(ALICE_LONGER, "app.bsky.feed.post", "3k9", Optional.of("other"))), List.of()).join();

            assertEquals(Optional.of("a1"), takedowns.account(ALICE));
            assertEquals(Optional.of("r2"), takedowns.record(ALICE, "app.bsky.feed.post", "3k2"));
            assertEquals(Optional.of("b1"), takedowns.blob(ALICE, BLOB));
            assertEquals(Set.of("3k1", "3k2"), takedowns.recordsIn(ALICE, Nsid.parse("app.bsky.feed.post")),
                    "neither a longer collection name nor a longer DID");

            store.writeTables(takedowns.setRecord(ALICE, "app.bsky.feed.post", "3k1", Optional.empty()), List.of()).join();
            assertEquals(Set.of("3k2"), takedowns.recordsIn(ALICE, Nsid.parse("app.bsky.feed.post")));

            store.writeTables(takedowns.forgetAccount(ALICE), List.of()).join();
            assertEquals(Optional.empty(), takedowns.account(ALICE));
            assertEquals(Optional.empty(), takedowns.blob(ALICE, BLOB));
            assertTrue(takedowns.recordsIn(ALICE, Nsid.parse("app.bsky.feed.post")).isEmpty());
            assertEquals(Optional.of("other"), takedowns.record(ALICE_LONGER, "app.bsky.feed.post", "3k9"), "another account's stay");
        }
    }

    @Test
    void aMissingReferenceIsTheTimeAndALongOneIsRefused() {
        Instant now = Instant.parse("2026-12-06T20:00:00Z");
        assertEquals("2026-12-06T20:00:00Z", Takedowns.refOrNow(Optional.empty(), now));
        assertEquals("mod-1", Takedowns.refOrNow(Optional.of("mod-1"), now));
        assertEquals("InvalidRequest", assertThrows(XrpcException.class,
                () -> Takedowns.refOrNow(Optional.of("x".repeat(Takedowns.MAX_REF_LENGTH + 1)), now)).error());
    }
}
