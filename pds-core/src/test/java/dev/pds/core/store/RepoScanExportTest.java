package dev.pds.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.core.block.Block;
import dev.pds.core.car.CarContents;
import dev.pds.core.car.CarLimits;
import dev.pds.core.car.CarReader;
import dev.pds.core.data.Cid;
import dev.pds.core.data.DataMap;
import dev.pds.core.repo.WriteOp;
import dev.pds.core.sync.RepoExport;
import dev.pds.core.sync.RepoVerifier;
import dev.pds.core.sync.VerifiedRepo;
import dev.pds.core.syntax.Did;
import dev.pds.crypto.Curve;
import dev.pds.crypto.Keypair;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The range-scan export ({@link RepoSnapshot#writeCar}) against the tree walk ({@link
 * RepoExport#write}): after many creates, updates and deletes, with record blocks shared
 * between paths and a neighbouring repo on either side of the key range, both exports hold
 * exactly the same blocks. The scan is exact only because the store deletes every block a
 * commit makes unreachable; a leftover block would show up here as a difference.
 */
class RepoScanExportTest {
    static final String POST = "app.bsky.feed.post";
    static final String LIKE = "app.bsky.feed.like";
    static final Keypair KEY = Keypair.generate(Curve.K256);
    static final Did BEFORE = Did.parse("did:plc:before234567abcdefghijk");
    static final Did ALICE = Did.parse("did:plc:alice234567abcdefghijkl");
    static final Did AFTER = Did.parse("did:plc:after234567abcdefghijkl");

    @TempDir
    Path dir;

    static DataMap post(String text) {
        return DataMap.builder().put("$type", POST).put("text", text).put("createdAt", "2024-01-01T00:00:00Z").build();
    }

    @Test
    void scanExportHoldsExactlyTheBlocksOfTheTreeWalkAfterManyUpdatesAndDeletes() throws IOException {
        try (RepoStore store = RepoStore.open(dir, StoreConfig.defaults())) {
            // repo ids 1, 2, 3: ALICE's range has a neighbour on each side
            for (Did did : List.of(BEFORE, ALICE, AFTER)) {
                store.createRepo(did, KEY, CommitEvents.NONE).join();
            }
            Random random = new Random(7);
            TreeMap<String, String> live = new TreeMap<>();
            List<CompletableFuture<AppliedCommit>> pending = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                List<WriteOp> writes = new ArrayList<>();
                String rkey = String.format("k%04d", i);
                String collection = i % 3 == 0 ? LIKE : POST;
                // few distinct texts: many paths share one record block
                writes.add(WriteOp.create(collection, rkey, post("text " + random.nextInt(6))));
                live.put(collection + "/" + rkey, rkey);
                if (i % 2 == 1 && live.size() > 4) {
                    String victim = pick(live, random);
                    while (victim.endsWith("/" + rkey)) {
                        victim = pick(live, random);
                    }
                    String[] p = victim.split("/");
                    writes.add(WriteOp.update(p[0], p[1], post("text " + random.nextInt(6))));
                }
                if (i % 3 == 2 && live.size() > 4) {
                    String victim = pick(live, random);
                    if (writes.stream().noneMatch(w -> w.path().equals(victim))) {
                        String[] p = victim.split("/");
                        writes.add(WriteOp.delete(p[0], p[1]));
                        live.remove(victim);
                    }
                }
                pending.add(store.applyWrites(ALICE, writes, null, KEY, CommitEvents.NONE));
                if (i % 50 == 0) {
                    // the neighbours change too, so their ranges are not just an empty commit
                    store.applyWrites(BEFORE, List.of(WriteOp.create(POST, rkey, post("n " + i))), null, KEY, CommitEvents.NONE);
                    store.applyWrites(AFTER, List.of(WriteOp.create(POST, rkey, post("n " + i))), null, KEY, CommitEvents.NONE);
                }
            }
            pending.forEach(CompletableFuture::join);
            // and then delete most of the repo again
            List<String> paths = new ArrayList<>(live.keySet());
            for (int i = 0; i < paths.size(); i++) {
                if (i % 4 != 0) {
                    String[] p = paths.get(i).split("/");
                    store.applyWrites(ALICE, List.of(WriteOp.delete(p[0], p[1])), null, KEY, CommitEvents.NONE).join();
                    live.remove(paths.get(i));
                }
            }
            for (Did did : List.of(BEFORE, ALICE, AFTER)) {
                sameBlocksBothWays(store, did);
            }
            VerifiedRepo v = sameBlocksBothWays(store, ALICE);
            assertEquals(live.size(), v.recordCount());
        }
        // and after the WAL replay and flushes of a reopen (the scan then reads SST files)
        try (RepoStore store = RepoStore.open(dir, StoreConfig.defaults())) {
            for (Did did : List.of(BEFORE, ALICE, AFTER)) {
                sameBlocksBothWays(store, did);
            }
        }
    }

    private static String pick(TreeMap<String, String> live, Random random) {
        List<String> keys = new ArrayList<>(live.keySet());
        return keys.get(random.nextInt(keys.size()));
    }

    private static VerifiedRepo sameBlocksBothWays(RepoStore store, Did did) throws IOException {
        try (RepoSnapshot snap = store.snapshot(did).orElseThrow()) {
            ByteArrayOutputStream walkOut = new ByteArrayOutputStream();
            RepoExport.write(snap.blocks(), snap.head().commit(), walkOut);
            ByteArrayOutputStream scanOut = new ByteArrayOutputStream();
            RepoExport.Stats scanStats = snap.writeCar(scanOut);
            CarContents walk = CarReader.readAll(walkOut.toByteArray(), CarLimits.DEFAULT);
            CarContents scan = CarReader.readAll(scanOut.toByteArray(), CarLimits.DEFAULT);

            assertEquals(snap.head().commit(), scan.root());
            assertEquals(snap.head().commit(), scanStats.commit());
            assertEquals(snap.head().data(), scanStats.data());
            assertEquals(snap.head().commit(), scan.blocks().cids().get(0), "the commit comes first");
            assertEquals(scan.blocks().size(), scanStats.blocks(), "no block is written twice");
            assertEquals(scanOut.size(), scanStats.bytes());
            TreeMap<Cid, String> walked = contents(walk);
            TreeMap<Cid, String> scanned = contents(scan);
            java.util.Set<Cid> extra = new java.util.TreeSet<>(scanned.keySet());
            extra.removeAll(walked.keySet());
            java.util.Set<Cid> missing = new java.util.TreeSet<>(walked.keySet());
            missing.removeAll(scanned.keySet());
            assertEquals(List.of(), List.copyOf(extra), did + ": blocks in the scan that the tree does not reach");
            assertEquals(List.of(), List.copyOf(missing), did + ": blocks of the tree missing from the scan");
            assertEquals(walked, scanned, "same bytes for every block");
            VerifiedRepo v = RepoVerifier.verify(scanOut.toByteArray(), CarLimits.DEFAULT,
                    new RepoVerifier.Expect(did.toString(), KEY.didKey()));
            assertEquals(snap.head().commit(), v.commit());
            return v;
        }
    }

    private static TreeMap<Cid, String> contents(CarContents car) {
        TreeMap<Cid, String> out = new TreeMap<>();
        for (Block b : car.blocks()) {
            out.put(b.cid(), java.util.HexFormat.of().formatHex(b.bytes()));
        }
        return out;
    }

    @Test
    void scanExportIsFrozenAtTheSnapshot() throws IOException {
        try (RepoStore store = RepoStore.open(dir, StoreConfig.defaults())) {
            store.createRepo(ALICE, KEY, CommitEvents.NONE).join();
            for (int i = 0; i < 30; i++) {
                store.applyWrites(ALICE, List.of(WriteOp.create(POST, "a" + i, post("a" + i))), null, KEY, CommitEvents.NONE).join();
            }
            try (RepoSnapshot snap = store.snapshot(ALICE).orElseThrow()) {
                // writes after the snapshot, deletes included, do not reach the export
                for (int i = 0; i < 30; i++) {
                    List<WriteOp> w = i % 2 == 0 ? List.of(WriteOp.delete(POST, "a" + i))
                            : List.of(WriteOp.create(POST, "b" + i, post("b" + i)));
                    store.applyWrites(ALICE, w, null, KEY, CommitEvents.NONE).join();
                }
                assertNotEquals(snap.head().commit(), store.head(ALICE).orElseThrow().commit());
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                snap.writeCar(out);
                VerifiedRepo v = RepoVerifier.verify(out.toByteArray(), CarLimits.DEFAULT,
                        new RepoVerifier.Expect(ALICE.toString(), KEY.didKey()));
                assertEquals(snap.head().commit(), v.commit());
                assertEquals(30, v.recordCount());
                assertEquals(CarReader.readAll(out.toByteArray(), CarLimits.DEFAULT).blocks().size(), 1 + countNodes(v) + 30);
            }
        }
    }

    private static int countNodes(VerifiedRepo v) {
        int[] n = {0};
        dev.pds.core.mst.Mst.load(v.blocks(), v.data(), new dev.pds.core.mst.NodeCache(0)).forEachNode(x -> n[0]++);
        return n[0];
    }

    @Test
    void aRepoWithOnlyItsFirstCommitExportsTheCommitAndTheEmptyRoot() throws IOException {
        try (RepoStore store = RepoStore.open(dir, StoreConfig.defaults())) {
            store.createRepo(ALICE, KEY, CommitEvents.NONE).join();
            try (RepoSnapshot snap = store.snapshot(ALICE).orElseThrow()) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                RepoExport.Stats stats = snap.writeCar(out);
                assertEquals(2, stats.blocks());
                VerifiedRepo v = RepoVerifier.verify(out.toByteArray(), CarLimits.DEFAULT, RepoVerifier.Expect.NOTHING);
                assertEquals(0, v.recordCount());
                assertTrue(v.collections().isEmpty());
            }
        }
    }
}
