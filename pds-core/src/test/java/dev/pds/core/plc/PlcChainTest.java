package dev.pds.core.plc;

import static dev.pds.core.plc.PlcTestKeys.ROTATION_HIGH;
import static dev.pds.core.plc.PlcTestKeys.ROTATION_LOW;
import static dev.pds.core.plc.PlcTestKeys.STRANGER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PlcChainTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private PlcOperation genesis;
    private String did;
    private List<PlcLogEntry> log;

    @BeforeEach
    void createDid() {
        genesis = PlcTestKeys.genesis(ROTATION_LOW);
        did = PlcDids.didFor(genesis).toString();
        log = new ArrayList<>();
        accept(genesis, T0);
    }

    private PlcChain.Accepted accept(PlcOp op, Instant at) {
        PlcChain.Accepted a = PlcChain.validateNext(did, active(), op, at);
        log.replaceAll(e -> a.nullified().contains(e.cid()) ? e.asNullified() : e);
        log.add(PlcLogEntry.accepted(did, op, at));
        return a;
    }

    private List<PlcLogEntry> active() {
        return log.stream().filter(e -> !e.nullified()).toList();
    }

    private PlcOperation handleUpdate(PlcOp after, String handle, dev.pds.crypto.Keypair signer) {
        PlcOperation base = PlcState.normalize(after);
        return PlcSignatures.sign(base.asNextAfter(after.cid().toString()).withHandle(handle), signer);
    }

    @Test
    void updateSignedByARotationKeyFollowsTheLatestOp() {
        PlcOperation update = handleUpdate(genesis, "bob.test", ROTATION_HIGH);
        PlcChain.Accepted a = accept(update, T0.plusSeconds(1));
        assertEquals(genesis.cid(), a.prev());
        assertEquals(List.of(), a.nullified());
        PlcState state = PlcChain.validateLog(did, List.of(genesis, update));
        assertEquals("bob.test", state.handle());
        assertEquals(List.of("at://bob.test"), state.alsoKnownAs());
        assertEquals(state, PlcChain.verifyAuditLog(did, log));
    }

    @Test
    void updateSignedByAnotherKeyIsRefused() {
        PlcException e = assertThrows(PlcException.class,
                () -> accept(handleUpdate(genesis, "evil.test", STRANGER), T0.plusSeconds(1)));
        assertEquals(PlcException.INVALID_SIGNATURE, e.error());
    }

    @Test
    void updateSignedByTheAtprotoSigningKeyIsRefused() {
        assertThrows(PlcException.class,
                () -> accept(handleUpdate(genesis, "x.test", PlcTestKeys.SIGNING), T0.plusSeconds(1)));
    }

    @Test
    void prevMustNameAnActiveOpOfThisDid() {
        PlcOperation orphan = PlcSignatures.sign(genesis.asNextAfter(
                "bafyreigp6shzy6dlcxuowwoxz7u5nemdrkad2my5zwzpwilcnhih7bw6zm"), ROTATION_HIGH);
        assertEquals(PlcException.MISORDERED,
                assertThrows(PlcException.class, () -> accept(orphan, T0.plusSeconds(1))).error());
        PlcOperation noPrev = PlcSignatures.sign(genesis.withHandle("y.test"), ROTATION_HIGH);
        assertEquals(PlcException.MISORDERED,
                assertThrows(PlcException.class, () -> accept(noPrev, T0.plusSeconds(1))).error());
        PlcOperation badPrev = PlcSignatures.sign(genesis.asNextAfter("not-a-cid"), ROTATION_HIGH);
        assertEquals(PlcException.INVALID_OPERATION,
                assertThrows(PlcException.class, () -> accept(badPrev, T0.plusSeconds(1))).error());
    }

    @Test
    void higherPriorityKeyNullifiesWithin72Hours() {
        PlcOperation byLow = handleUpdate(genesis, "low.test", ROTATION_LOW);
        accept(byLow, T0.plusSeconds(10));
        PlcOperation followUp = handleUpdate(byLow, "low2.test", ROTATION_LOW);
        accept(followUp, T0.plusSeconds(20));
        PlcOperation recovery = handleUpdate(genesis, "recovered.test", ROTATION_HIGH);
        PlcChain.Accepted a = accept(recovery, T0.plusSeconds(10).plus(Duration.ofHours(72)));
        assertEquals(List.of(byLow.cid(), followUp.cid()), a.nullified());
        PlcState state = PlcChain.verifyAuditLog(did, log);
        assertEquals("recovered.test", state.handle());
        assertEquals(List.of(false, true, true, false), log.stream().map(PlcLogEntry::nullified).toList());
    }

    @Test
    void recoveryAfterTheWindowIsRefused() {
        accept(handleUpdate(genesis, "low.test", ROTATION_LOW), T0.plusSeconds(10));
        PlcOperation recovery = handleUpdate(genesis, "recovered.test", ROTATION_HIGH);
        PlcException e = assertThrows(PlcException.class,
                () -> accept(recovery, T0.plusSeconds(11).plus(Duration.ofHours(72))));
        assertEquals(PlcException.LATE_RECOVERY, e.error());
    }

    @Test
    void sameOrLowerPriorityKeyCannotFork() {
        accept(handleUpdate(genesis, "high.test", ROTATION_HIGH), T0.plusSeconds(10));
        PlcOperation forkByLow = handleUpdate(genesis, "fork.test", ROTATION_LOW);
        assertThrows(PlcException.class, () -> accept(forkByLow, T0.plusSeconds(20)));
        PlcOperation forkByHigh = handleUpdate(genesis, "fork2.test", ROTATION_HIGH);
        assertEquals(PlcException.INVALID_SIGNATURE,
                assertThrows(PlcException.class, () -> accept(forkByHigh, T0.plusSeconds(20))).error());
    }

    @Test
    void recoveryMustComeAfterTheLatestOp() {
        accept(handleUpdate(genesis, "low.test", ROTATION_LOW), T0.plusSeconds(10));
        PlcOperation recovery = handleUpdate(genesis, "recovered.test", ROTATION_HIGH);
        assertEquals(PlcException.MISORDERED,
                assertThrows(PlcException.class, () -> accept(recovery, T0.plusSeconds(10))).error());
    }

    @Test
    void tombstoneEndsTheDid() {
        PlcTombstone tomb = PlcSignatures.sign(PlcTombstone.after(genesis.cid().toString()), ROTATION_LOW);
        accept(tomb, T0.plusSeconds(1));
        assertNull(PlcChain.validateLog(did, List.of(genesis, tomb)));
        assertNull(PlcChain.verifyAuditLog(did, log));
        PlcOperation after = handleUpdate(genesis, "z.test", ROTATION_HIGH);
        // naming the genesis forks past the tombstone: allowed for the higher key
        accept(after, T0.plusSeconds(2));
        assertEquals("z.test", PlcChain.verifyAuditLog(did, log).handle());
        PlcTombstone second = PlcSignatures.sign(PlcTombstone.after(after.cid().toString()), ROTATION_HIGH);
        accept(second, T0.plusSeconds(3));
        PlcTombstone onTomb = PlcSignatures.sign(PlcTombstone.after(second.cid().toString()), ROTATION_HIGH);
        assertEquals(PlcException.MISORDERED,
                assertThrows(PlcException.class, () -> accept(onTomb, T0.plusSeconds(4))).error());
    }

    @Test
    void genesisMustBeARegularOrLegacyOpWithNullPrev() {
        PlcTombstone tomb = PlcSignatures.sign(PlcTombstone.after(genesis.cid().toString()), ROTATION_LOW);
        assertThrows(PlcException.class, () -> PlcChain.validateNext(PlcDids.didFor(tomb).toString(), List.of(),
                tomb, T0));
        PlcOperation withPrev = PlcSignatures.sign(genesis.asNextAfter(genesis.cid().toString()), ROTATION_HIGH);
        assertEquals(PlcException.INVALID_OPERATION, assertThrows(PlcException.class,
                () -> PlcChain.validateGenesis(PlcDids.didFor(withPrev).toString(), withPrev)).error());
        PlcOperation unsignedByOwnKeys = PlcSignatures.sign(genesis.withHandle("q.test"), STRANGER);
        assertEquals(PlcException.INVALID_SIGNATURE, assertThrows(PlcException.class,
                () -> PlcChain.validateGenesis(PlcDids.didFor(unsignedByOwnKeys).toString(), unsignedByOwnKeys)).error());
    }

    @Test
    void auditLogWithWrongNullifiedFlagsIsRefused() {
        accept(handleUpdate(genesis, "low.test", ROTATION_LOW), T0.plusSeconds(10));
        accept(handleUpdate(genesis, "rec.test", ROTATION_HIGH), T0.plusSeconds(20));
        List<PlcLogEntry> lying = new ArrayList<>(log);
        lying.set(1, new PlcLogEntry(did, lying.get(1).operation(), lying.get(1).cid(), false, lying.get(1).createdAt()));
        assertThrows(PlcException.class, () -> PlcChain.verifyAuditLog(did, lying));
        List<PlcLogEntry> wrongCid = new ArrayList<>(log);
        wrongCid.set(0, new PlcLogEntry(did, log.get(0).operation(), log.get(1).cid(), false, T0));
        assertThrows(PlcException.class, () -> PlcChain.verifyAuditLog(did, wrongCid));
    }

    @Test
    void logJsonRoundTrips() {
        accept(handleUpdate(genesis, "bob.test", ROTATION_HIGH), T0.plusMillis(1500));
        for (PlcLogEntry e : log) {
            PlcLogEntry back = PlcLogEntry.fromJson(e.toJson());
            assertEquals(e, back);
        }
        assertEquals("2026-01-01T00:00:01.500Z", log.get(1).createdAtText());
    }
}
