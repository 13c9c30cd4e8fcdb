package dev.pds.server.plc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.core.error.ErrorStatus;
import dev.pds.core.error.XrpcException;
import dev.pds.core.plc.PlcDids;
import dev.pds.core.plc.PlcException;
import dev.pds.core.plc.PlcLogEntry;
import dev.pds.core.plc.PlcOperation;
import dev.pds.core.plc.PlcSignatures;
import dev.pds.core.plc.PlcTombstone;
import dev.pds.crypto.Curve;
import dev.pds.crypto.Keypair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlcDirectoryTest {
    static final Keypair RECOVERY = Keypair.fromPrivateKeyHex(Curve.K256,
            "8f2a55949038a9610f50fb23b5883af3b4ecb3c3bb792cbcefbd1542c692be63");
    static final Keypair PDS_ROTATION = Keypair.fromPrivateKeyHex(Curve.K256,
            "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318");
    static final Keypair SIGNING = Keypair.fromPrivateKeyHex(Curve.K256,
            "0c28fca386c7a227600b2fe50b7cae11ec86d3bf1fbe471be89827e19d72aa1d");

    /** A settable clock, so the 72-hour window can be crossed in a test. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-03-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    static PlcOperation genesis() {
        return PlcSignatures.sign(PlcOperation.atprotoGenesis(SIGNING.didKey(), "alice.test", "http://localhost:2583",
                List.of(RECOVERY.didKey(), PDS_ROTATION.didKey())), PDS_ROTATION);
    }

    @Test
    void createUpdateAndReadBack() throws IOException {
        try (PlcDirectory dir = PlcDirectory.inMemory(new TestClock())) {
            PlcOperation genesis = genesis();
            String did = PlcDids.didFor(genesis).toString();
            dir.submit(did, genesis);
            assertEquals("alice.test", dir.getData(did).handle());
            PlcOperation update = PlcSignatures.sign(genesis.asNextAfter(genesis.cid().toString()).withHandle("bob.test"),
                    PDS_ROTATION);
            dir.submit(did, update);
            assertEquals("bob.test", dir.getData(did).handle());
            assertEquals(update, dir.getLastOp(did));
            assertEquals(List.of(genesis, update), dir.getLog(did));
            List<PlcLogEntry> audit = dir.getAuditLog(did);
            assertEquals(2, audit.size());
            assertTrue(audit.get(1).createdAt().isAfter(audit.get(0).createdAt()), "times strictly increase");
            assertEquals("at://bob.test", dir.getDocument(did).get("alsoKnownAs").get(0).textValue());
        }
    }

    @Test
    void refusesBadOperationsAndUnknownDids() throws IOException {
        try (PlcDirectory dir = PlcDirectory.inMemory(new TestClock())) {
            PlcOperation genesis = genesis();
            String did = PlcDids.didFor(genesis).toString();
            assertEquals(PlcException.GENESIS_HASH, assertThrows(PlcException.class,
                    () -> dir.submit("did:plc:aaaaaaaaaaaaaaaaaaaaaaaa", genesis)).error());
            assertThrows(PlcException.class, () -> dir.submit("did:web:example.com", genesis));
            XrpcException missing = assertThrows(XrpcException.class, () -> dir.getData(did));
            assertEquals(ErrorStatus.NOT_FOUND, missing.status());
            assertEquals("DID not registered: " + did, missing.getMessage());
            dir.submit(did, genesis);
            assertThrows(PlcException.class, () -> dir.submit(did, genesis)); // replay: prev null after genesis
            PlcOperation bySigningKey = PlcSignatures.sign(genesis.asNextAfter(genesis.cid().toString()), SIGNING);
            assertEquals(PlcException.INVALID_SIGNATURE,
                    assertThrows(PlcException.class, () -> dir.submit(did, bySigningKey)).error());
            assertEquals(1, dir.getAuditLog(did).size(), "refused ops leave nothing behind");
        }
    }

    @Test
    void recoveryWithinTheWindowNullifiesAndTombstoneHidesTheDid() throws IOException {
        TestClock clock = new TestClock();
        try (PlcDirectory dir = PlcDirectory.inMemory(clock)) {
            PlcOperation genesis = genesis();
            String did = PlcDids.didFor(genesis).toString();
            dir.submit(did, genesis);
            clock.now = clock.now.plusSeconds(60);
            PlcOperation hijack = PlcSignatures.sign(genesis.asNextAfter(genesis.cid().toString()).withHandle("hijack.test"),
                    PDS_ROTATION);
            dir.submit(did, hijack);
            clock.now = clock.now.plus(Duration.ofHours(71));
            PlcOperation recover = PlcSignatures.sign(genesis.asNextAfter(genesis.cid().toString()).withHandle("alice2.test"),
                    RECOVERY);
            dir.submit(did, recover);
            assertEquals("alice2.test", dir.getData(did).handle());
            assertEquals(List.of(false, true, false), dir.getAuditLog(did).stream().map(PlcLogEntry::nullified).toList());
            assertEquals(List.of(genesis, recover), dir.getLog(did));
            PlcTombstone tomb = PlcSignatures.sign(PlcTombstone.after(recover.cid().toString()), RECOVERY);
            clock.now = clock.now.plusSeconds(1);
            dir.submit(did, tomb);
            XrpcException gone = assertThrows(XrpcException.class, () -> dir.getDocument(did));
            assertEquals("DID not available: " + did, gone.getMessage());
            assertEquals(tomb, dir.getLastOp(did));
        }
    }

    @Test
    void lateRecoveryIsRefused() throws IOException {
        TestClock clock = new TestClock();
        try (PlcDirectory dir = PlcDirectory.inMemory(clock)) {
            PlcOperation genesis = genesis();
            String did = PlcDids.didFor(genesis).toString();
            dir.submit(did, genesis);
            clock.now = clock.now.plusSeconds(1);
            dir.submit(did, PlcSignatures.sign(genesis.asNextAfter(genesis.cid().toString()).withHandle("x.test"),
                    PDS_ROTATION));
            clock.now = clock.now.plus(Duration.ofHours(72)).plusMillis(1);
            PlcOperation recover = PlcSignatures.sign(genesis.asNextAfter(genesis.cid().toString()), RECOVERY);
            assertEquals(PlcException.LATE_RECOVERY,
                    assertThrows(PlcException.class, () -> dir.submit(did, recover)).error());
        }
    }

    @Test
    void survivesRestartWithNullificationsAndCutsATornTail(@TempDir Path folder) throws IOException {
        TestClock clock = new TestClock();
        PlcOperation genesis = genesis();
        String did = PlcDids.didFor(genesis).toString();
        List<PlcLogEntry> before;
        try (PlcDirectory dir = PlcDirectory.open(folder, clock)) {
            dir.submit(did, genesis);
            clock.now = clock.now.plusSeconds(5);
            dir.submit(did, PlcSignatures.sign(genesis.asNextAfter(genesis.cid().toString()).withHandle("x.test"),
                    PDS_ROTATION));
            clock.now = clock.now.plusSeconds(5);
            dir.submit(did, PlcSignatures.sign(genesis.asNextAfter(genesis.cid().toString()).withHandle("y.test"),
                    RECOVERY));
            before = dir.getAuditLog(did);
        }
        Files.writeString(folder.resolve(PlcDirectory.FILE_NAME), "{\"did\":\"did:plc:torn", StandardOpenOption.APPEND);
        try (PlcDirectory dir = PlcDirectory.open(folder, clock)) {
            assertEquals(before, dir.getAuditLog(did));
            assertEquals("y.test", dir.getData(did).handle());
            assertEquals(1, dir.size());
        }
        assertTrue(Files.readString(folder.resolve(PlcDirectory.FILE_NAME)).endsWith("\n"));
    }

    @Test
    void refusesToStartOnATamperedLog(@TempDir Path folder) throws IOException {
        PlcOperation genesis = genesis();
        String did = PlcDids.didFor(genesis).toString();
        try (PlcDirectory dir = PlcDirectory.open(folder, new TestClock())) {
            dir.submit(did, genesis);
        }
        Path file = folder.resolve(PlcDirectory.FILE_NAME);
        Files.writeString(file, Files.readString(file).replace("alice.test", "mallory.test"));
        assertThrows(IOException.class, () -> PlcDirectory.open(folder, new TestClock()));
    }
}
