package dev.pds.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.core.block.BlockMap;
import dev.pds.core.car.CarLimits;
import dev.pds.core.data.Cid;
import dev.pds.core.data.DataMap;
import dev.pds.core.error.XrpcException;
import dev.pds.core.repo.RepoOp;
import dev.pds.core.repo.WriteAction;
import dev.pds.core.repo.WriteOp;
import dev.pds.core.sync.RepoVerifier;
import dev.pds.core.sync.VerifiedRepo;
import dev.pds.core.syntax.Did;
import dev.pds.core.syntax.Nsid;
import dev.pds.core.syntax.RecordKey;
import dev.pds.crypto.Curve;
import dev.pds.crypto.Keypair;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RepoStore#importRepo}: an account's export from its old server replaces the records of
 * its repo here, re-signed with the key of this server, and the store keeps exactly the blocks
 * the new tree reaches (the range-scan export equals the tree walk, as after any commit).
 */
class RepoImportTest {
    static final String POST = "app.bsky.feed.post";
    static final Did ALICE = Did.parse("did:plc:alice234567abcdefghijkl");
    static final Keypair OLD_KEY = Keypair.generate(Curve.K256);
    static final Keypair NEW_KEY = Keypair.generate(Curve.K256);

    @TempDir
    Path oldDir;
    @TempDir
    Path newDir;

    static DataMap post(String text) {
        return DataMap.builder().put("$type", POST).put("text", text).put("createdAt", "2024-01-01T00:00:00Z").build();
    }

    /** An export of ALICE from another store: {@code count} posts, some sharing one record block. */
    private VerifiedRepo exportFromOldServer(int count, String prefix) throws IOException {
        try (RepoStore old = RepoStore.open(oldDir.resolve(prefix), StoreConfig.defaults())) {
            old.createRepo(ALICE, OLD_KEY, CommitEvents.NONE).join();
            List<WriteOp> writes = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                writes.add(WriteOp.create(POST, String.format("%s%04d", prefix, i), post("text " + (i % 7))));
                if (writes.size() == 100) {
                    old.applyWrites(ALICE, writes, null, OLD_KEY, CommitEvents.NONE).join();
                    writes.clear();
                }
            }
            if (!writes.isEmpty()) {
                old.applyWrites(ALICE, writes, null, OLD_KEY, CommitEvents.NONE).join();
            }
            try (RepoSnapshot snap = old.snapshot(ALICE).orElseThrow()) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                snap.writeCar(out);
                return RepoVerifier.verify(out.toByteArray(), CarLimits.DEFAULT,
                        new RepoVerifier.Expect(ALICE.toString(), OLD_KEY.didKey()));
            }
        }
    }

    private static VerifiedRepo exportHere(RepoStore store) throws IOException {
        try (RepoSnapshot snap = store.snapshot(ALICE).orElseThrow()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            snap.writeCar(out);
            // signed with this server's key now, and exactly the blocks the new tree reaches
            VerifiedRepo v = RepoVerifier.verify(out.toByteArray(), CarLimits.DEFAULT,
                    new RepoVerifier.Expect(ALICE.toString(), NEW_KEY.didKey()));
            ByteArrayOutputStream walk = new ByteArrayOutputStream();
            dev.pds.core.sync.RepoExport.write(snap.blocks(), snap.head().commit(), walk);
            assertEquals(dev.pds.core.car.CarReader.readAll(walk.toByteArray(), CarLimits.DEFAULT).blocks().size(),
                    v.blocks().size(), "the range scan holds exactly the blocks of the tree walk");
            return v;
        }
    }

    @Test
    void anExportReplacesTheEmptyRepoAndIsSignedWithTheNewKey() throws IOException {
        VerifiedRepo exported = exportFromOldServer(250, "a");
        try (RepoStore store = RepoStore.open(newDir, StoreConfig.defaults())) {
            store.createRepo(ALICE, NEW_KEY, CommitEvents.NONE).join();
            RepoHead before = store.head(ALICE).orElseThrow();
            AppliedCommit applied = store.importRepo(ALICE, exported.data(), exported.rev(), exported.blocks(), NEW_KEY,
                    CommitEvents.NONE, CommitTableWrites.NONE).join();

            RepoHead head = store.head(ALICE).orElseThrow();
            assertEquals(exported.data(), head.data(), "the imported tree is the repo's tree");
            assertNotEquals(exported.commit(), head.commit(), "re-signed: a commit of its own");
            assertTrue(head.rev().compareTo(exported.rev()) > 0, "the rev moves past the old server's");
            assertTrue(head.rev().compareTo(before.rev()) > 0);
            assertEquals(250, applied.result().ops().size());
            assertTrue(applied.result().ops().stream().allMatch(op -> op.action() == WriteAction.CREATE));

            VerifiedRepo here = exportHere(store);
            assertEquals(250, here.recordCount());
            assertEquals(exported.data(), here.data());
            assertEquals(250, store.records().listRecords(ALICE, Nsid.parse(POST), 1000, null, false).records().size());
            StoredRecord r = store.records().getRecord(ALICE, Nsid.parse(POST), RecordKey.parse("a0008")).orElseThrow();
            assertEquals(exported.blocks().get(r.cid()) != null, true);
        }
    }

    @Test
    void aSecondImportDeletesWhatTheNewExportLacksAndKeepsNoStrayBlock() throws IOException {
        VerifiedRepo first = exportFromOldServer(120, "a");
        VerifiedRepo second = exportFromOldServer(40, "b");
        try (RepoStore store = RepoStore.open(newDir, StoreConfig.defaults())) {
            store.createRepo(ALICE, NEW_KEY, CommitEvents.NONE).join();
            store.importRepo(ALICE, first.data(), first.rev(), first.blocks(), NEW_KEY, CommitEvents.NONE, CommitTableWrites.NONE).join();
            // a write made here in between is replaced too
            store.applyWrites(ALICE, List.of(WriteOp.create(POST, "zz", post("mine"))), null, NEW_KEY, CommitEvents.NONE).join();
            AppliedCommit applied = store.importRepo(ALICE, second.data(), second.rev(), second.blocks(), NEW_KEY,
                    CommitEvents.NONE, CommitTableWrites.NONE).join();

            Map<WriteAction, Integer> actions = new TreeMap<>();
            for (RepoOp op : applied.result().ops()) {
                actions.merge(op.action(), 1, Integer::sum);
            }
            assertEquals(Map.of(WriteAction.CREATE, 40, WriteAction.DELETE, 121), actions);
            VerifiedRepo here = exportHere(store);
            assertEquals(40, here.recordCount());
            assertTrue(store.records().getRecord(ALICE, Nsid.parse(POST), RecordKey.parse("a0001")).isEmpty());
            assertTrue(store.records().getRecord(ALICE, Nsid.parse(POST), RecordKey.parse("zz")).isEmpty());
            assertTrue(store.records().getRecord(ALICE, Nsid.parse(POST), RecordKey.parse("b0039")).isPresent());
        }
        // the same after a reopen, from the files
        try (RepoStore store = RepoStore.open(newDir, StoreConfig.defaults())) {
            assertEquals(40, exportHere(store).recordCount());
        }
    }

    @Test
    void anExportMissingARecordBlockIsRefusedAndChangesNothing() throws IOException {
        VerifiedRepo exported = exportFromOldServer(30, "a");
        BlockMap partial = new BlockMap();
        Cid dropped = null;
        for (var b : exported.blocks()) {
            if (dropped == null && !b.cid().equals(exported.commit()) && isRecord(b.bytes())) {
                dropped = b.cid();
                continue;
            }
            partial.put(b);
        }
        assertFalse(dropped == null);
        try (RepoStore store = RepoStore.open(newDir, StoreConfig.defaults())) {
            store.createRepo(ALICE, NEW_KEY, CommitEvents.NONE).join();
            RepoHead before = store.head(ALICE).orElseThrow();
            XrpcException e = assertThrows(XrpcException.class, () -> store.importRepo(ALICE, exported.data(),
                    exported.rev(), partial, NEW_KEY, CommitEvents.NONE, CommitTableWrites.NONE));
            assertTrue(e.getMessage().contains("not in the import"), e.getMessage());
            assertEquals(before, store.head(ALICE).orElseThrow());
            assertEquals(0, exportHere(store).recordCount());
        }
    }

    @Test
    void aRepoThatDoesNotExistCannotImport() throws IOException {
        VerifiedRepo exported = exportFromOldServer(3, "a");
        try (RepoStore store = RepoStore.open(newDir, StoreConfig.defaults())) {
            XrpcException e = assertThrows(XrpcException.class, () -> store.importRepo(ALICE, exported.data(),
                    exported.rev(), exported.blocks(), NEW_KEY, CommitEvents.NONE, CommitTableWrites.NONE));
            assertEquals("RepoNotFound", e.error());
            assertNull(store.head(ALICE).orElse(null));
        }
    }

    private static boolean isRecord(byte[] bytes) {
        try {
            return dev.pds.core.data.DagCbor.decode(bytes) instanceof DataMap m && m.get("$type") != null;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
