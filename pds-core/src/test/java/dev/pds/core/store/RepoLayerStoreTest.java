package dev.pds.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.core.data.Cid;
import dev.pds.core.data.DagCbor;
import dev.pds.core.data.DataMap;
import dev.pds.core.error.XrpcException;
import dev.pds.core.mst.Mst;
import dev.pds.core.mst.NodeCache;
import dev.pds.core.repo.Commit;
import dev.pds.core.repo.Repo;
import dev.pds.core.repo.WriteOp;
import dev.pds.core.syntax.Did;
import dev.pds.core.syntax.Nsid;
import dev.pds.core.syntax.RecordKey;
import dev.pds.crypto.Curve;
import dev.pds.crypto.Keypair;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store driven by the real repo layer (MST, signed commits), as the server drives it. */
class RepoLayerStoreTest {
    static final String POST = "app.bsky.feed.post";
    static final Did ALICE = Did.parse("did:plc:alice234567abcdefghijklm");
    static final Keypair KEY = Keypair.generate(Curve.K256);

    @TempDir
    Path dir;

    static DataMap post(String text) {
        return DataMap.builder().put("$type", POST).put("text", text).put("createdAt", "2024-01-01T00:00:00Z").build();
    }

    @Test
    void writesThroughTheRepoLayerAreStoredIndexedAndCollected() {
        TreeMap<String, Cid> expected = new TreeMap<>();
        try (RepoStore store = RepoStore.open(dir, StoreConfig.defaults())) {
            AppliedCommit first = store.createRepo(ALICE, KEY, CommitEvents.NONE).join();
            assertEquals(0, first.seq(), "no events asked for, no seq used");
            List<CompletableFuture<AppliedCommit>> pending = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                List<WriteOp> writes = new ArrayList<>();
                String rkey = String.format("r%03d", i);
                writes.add(WriteOp.create(POST, rkey, post("text " + (i % 10))));
                if (i % 5 == 4) {
                    writes.add(WriteOp.update(POST, String.format("r%03d", i - 1), post("changed " + (i % 3))));
                    writes.add(WriteOp.delete(POST, String.format("r%03d", i - 4)));
                }
                // queued without waiting: each commit builds on the one before, still unsynced
                pending.add(store.applyWrites(ALICE, writes, null, KEY, r -> List.of(ToyRepo.event(ALICE.toString(), r.rev(), r.cid()))));
            }
            long seq = 0;
            for (CompletableFuture<AppliedCommit> f : pending) {
                AppliedCommit c = f.join();
                assertEquals(seq + 1, c.seq());
                seq = c.seq();
                c.result().ops().forEach(op -> {
                    if (op.cid() == null) {
                        expected.remove(op.path());
                    } else {
                        expected.put(op.path(), op.cid());
                    }
                });
            }
            checkAgainstMst(store, expected);
        }
        try (RepoStore store = RepoStore.open(dir, StoreConfig.defaults())) {
            checkAgainstMst(store, expected);
            AppliedCommit more = store.applyWrites(ALICE, List.of(WriteOp.create(POST, "zzz", post("after restart"))), null, KEY,
                    CommitEvents.NONE).join();
            assertTrue(store.records().getRecord(ALICE, Nsid.parse(POST), RecordKey.parse("zzz")).isPresent());
            assertEquals(more.result().cid(), store.head(ALICE).orElseThrow().commit());
        }
    }

    private static void checkAgainstMst(RepoStore store, TreeMap<String, Cid> expected) {
        try (RepoSnapshot snap = store.snapshot(ALICE).orElseThrow()) {
            Commit commit = Commit.decode(snap.blocks().require(snap.head().commit()));
            assertTrue(commit.verify(KEY.didKey()), "stored commit verifies against the account key");
            assertEquals(snap.head().data(), commit.data());
            Mst tree = Repo.load(snap.blocks(), snap.head().commit(), new NodeCache(0)).mst();
            TreeMap<String, Cid> inTree = new TreeMap<>();
            tree.forEachLeaf(l -> inTree.put(l.key(), l.value()));
            assertEquals(expected, inTree);
            int[] nodes = {0};
            tree.forEachNode(n -> nodes[0]++);
            Set<Cid> distinct = new HashSet<>(inTree.values());
            for (Map.Entry<String, Cid> e : inTree.entrySet()) {
                String rkey = e.getKey().substring(POST.length() + 1);
                StoredRecord r = store.records().getRecord(ALICE, Nsid.parse(POST), RecordKey.parse(rkey)).orElseThrow();
                assertEquals(e.getValue(), r.cid());
                assertEquals(r.cid(), DagCbor.cidOf(DagCbor.decode(r.bytes())));
            }
            List<StoredRecord> listed = store.records().listRecords(ALICE, Nsid.parse(POST), 1000, null, false).records();
            assertEquals(inTree.size(), listed.size());
            StoreReader raw = CrashRecoveryTest.rawReader(store);
            assertEquals(1 + nodes[0] + distinct.size(), raw.count(ColumnFamily.BLOCKS, Keys.repoPrefix(snap.head().repoId())),
                    "stored blocks are exactly the commit, the tree's nodes and its distinct records");
        }
    }

    @Test
    void clientErrorsFromTheRepoLayerLeaveNothingBehind() {
        try (RepoStore store = RepoStore.open(dir, StoreConfig.defaults())) {
            AppliedCommit first = store.createRepo(ALICE, KEY, CommitEvents.NONE).join();
            store.applyWrites(ALICE, List.of(WriteOp.create(POST, "a", post("x"))), null, KEY, CommitEvents.NONE).join();
            RepoHead before = store.head(ALICE).orElseThrow();
            XrpcException swap = assertThrows(XrpcException.class, () -> store.applyWrites(ALICE,
                    List.of(WriteOp.create(POST, "b", post("y"))), first.result().cid(), KEY, CommitEvents.NONE));
            assertEquals("InvalidSwap", swap.error());
            XrpcException dup = assertThrows(XrpcException.class, () -> store.applyWrites(ALICE,
                    List.of(WriteOp.create(POST, "a", post("y"))), null, KEY, CommitEvents.NONE));
            assertEquals("InvalidRequest", dup.error());
            assertEquals("RepoNotFound", assertThrows(XrpcException.class, () -> store.applyWrites(Did.parse("did:plc:nobody"),
                    List.of(WriteOp.create(POST, "a", post("y"))), null, KEY, CommitEvents.NONE)).error());
            assertEquals("AlreadyExists", assertThrows(XrpcException.class, () -> store.createRepo(ALICE, KEY, CommitEvents.NONE)).error());
            assertEquals(before, store.head(ALICE).orElseThrow());
            assertFalse(store.records().getRecord(ALICE, Nsid.parse(POST), RecordKey.parse("b")).isPresent());
            // and the lane's cached repo is still right: the next good write builds on the head
            AppliedCommit next = store.applyWrites(ALICE, List.of(WriteOp.create(POST, "b", post("y"))), before.commit(), KEY,
                    CommitEvents.NONE).join();
            assertEquals(before.rev(), next.result().since());
        }
    }
}
