package dev.pds.core.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.core.block.Block;
import dev.pds.core.block.BlockMap;
import dev.pds.core.car.CarContents;
import dev.pds.core.car.CarHeader;
import dev.pds.core.car.CarLimits;
import dev.pds.core.car.CarReader;
import dev.pds.core.car.CarWriter;
import dev.pds.core.data.Cid;
import dev.pds.core.data.DataMap;
import dev.pds.core.data.DataString;
import dev.pds.core.mst.Mst;
import dev.pds.core.mst.NodeCache;
import dev.pds.core.sync.RepoVerifier.Expect;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RepoExportVerifyTest {
    private static final TestRepo REPO = TestRepo.withRecords(500);

    @Test
    void exportHoldsExactlyTheCommitEveryNodeAndEveryRecord() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RepoExport.Stats stats = RepoExport.write(REPO.store, REPO.commit, out);
        byte[] car = out.toByteArray();
        assertEquals(car.length, stats.bytes());
        CarContents contents = CarReader.readAll(car, CarLimits.DEFAULT);
        assertEquals(List.of(REPO.commit), contents.header().roots());
        // the store holds only the final tree's blocks, so the export must equal it
        assertEquals(new HashSet<>(REPO.store.cids()), new HashSet<>(contents.blocks().cids()));
        assertEquals(REPO.store.size(), stats.blocks());
        assertEquals(REPO.data, stats.data());
        // commit first, then the root node
        try (CarReader r = CarReader.of(car, CarLimits.DEFAULT)) {
            assertEquals(REPO.commit, r.next().cid());
            assertEquals(REPO.data, r.next().cid());
        }
    }

    @Test
    void verifiesOurExportWithDidAndKey() throws IOException {
        VerifiedRepo v = RepoVerifier.verify(export(REPO), CarLimits.DEFAULT, new Expect(TestRepo.DID, TestRepo.KEY.didKey()));
        assertEquals(TestRepo.DID, v.did());
        assertEquals("3kznmn7xqxl22", v.rev());
        assertEquals(3, v.version());
        assertEquals(REPO.commit, v.commit());
        assertEquals(REPO.data, v.data());
        assertEquals(500, v.recordCount());
        assertEquals(Map.of("app.bsky.feed.like", 167L, "app.bsky.feed.post", 167L, "app.bsky.graph.follow", 166L), v.collections());
        assertEquals(REPO.store.size(), v.blocks().size());
        // and from a stream
        VerifiedRepo s = RepoVerifier.verify(new ByteArrayInputStream(export(REPO)), CarLimits.DEFAULT, Expect.NOTHING);
        assertEquals(v.collections(), s.collections());
    }

    @Test
    void emptyRepo() throws IOException {
        TestRepo empty = TestRepo.withRecords(0);
        VerifiedRepo v = RepoVerifier.verify(export(empty), CarLimits.DEFAULT, new Expect(TestRepo.DID, TestRepo.KEY.didKey()));
        assertEquals(0, v.recordCount());
        assertTrue(v.collections().isEmpty());
        assertEquals(2, v.blocks().size()); // the commit and the empty root node
    }

    @Test
    void wrongDidOrKeyIsRefused() throws IOException {
        byte[] car = export(REPO);
        InvalidRepoException did = assertThrows(InvalidRepoException.class,
                () -> RepoVerifier.verify(car, CarLimits.DEFAULT, new Expect("did:plc:aaaaaaaaaaaaaaaaaaaaaaaa", null)));
        assertTrue(did.getMessage().contains("not the expected did:plc:aaaaaaaaaaaaaaaaaaaaaaaa"), did.getMessage());
        InvalidRepoException key = assertThrows(InvalidRepoException.class,
                () -> RepoVerifier.verify(car, CarLimits.DEFAULT, new Expect(null, TestRepo.OTHER_KEY.didKey())));
        assertTrue(key.getMessage().contains("signature does not verify"), key.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RepoVerifier.verify(car, CarLimits.DEFAULT, new Expect(null, "did:key:zNotAKey")));
    }

    @Test
    void versionTwoCommitsAreRead() throws IOException {
        TestRepo r = TestRepo.withRecords(20);
        r.commit = r.putCommit(TestRepo.unsignedCommit(TestRepo.DID, 2, r.data, "3kznmn7xqxl22"), TestRepo.KEY);
        VerifiedRepo v = RepoVerifier.verify(exportRaw(r), CarLimits.DEFAULT, new Expect(TestRepo.DID, TestRepo.KEY.didKey()));
        assertEquals(2, v.version());
        assertEquals(20, v.recordCount());
        // version 2 without a rev
        r.commit = r.putCommit(TestRepo.withNullRev(TestRepo.unsignedCommit(TestRepo.DID, 2, r.data, "x")), TestRepo.KEY);
        VerifiedRepo noRev = RepoVerifier.verify(exportRaw(r), CarLimits.DEFAULT, new Expect(null, TestRepo.KEY.didKey()));
        assertNull(noRev.rev());
    }

    @Test
    void badCommitsAreRefused() {
        TestRepo r = TestRepo.withRecords(5);
        assertInvalid(r, TestRepo.unsignedCommit(TestRepo.DID, 1, r.data, "3kznmn7xqxl22"), "version");
        assertInvalid(r, TestRepo.unsignedCommit(TestRepo.DID, 4, r.data, "3kznmn7xqxl22"), "version");
        assertInvalid(r, TestRepo.unsignedCommit("not-a-did", 3, r.data, "3kznmn7xqxl22"), "did");
        assertInvalid(r, TestRepo.unsignedCommit(TestRepo.DID, 3, r.data, "not a tid"), "rev");
        assertInvalid(r, TestRepo.withNullRev(TestRepo.unsignedCommit(TestRepo.DID, 3, r.data, "x")), "rev");
        assertInvalid(r, TestRepo.unsignedCommit(TestRepo.DID, 3, r.data, "3kznmn7xqxl22").put("data", "bafy"), "data");
        assertInvalid(r, TestRepo.unsignedCommit(TestRepo.DID, 3, r.data, "3kznmn7xqxl22").remove("prev"), "prev");
        // unsigned
        r.commit = r.putRawCommit(TestRepo.unsignedCommit(TestRepo.DID, 3, r.data, "3kznmn7xqxl22").build());
        InvalidRepoException e = assertThrows(InvalidRepoException.class, () -> RepoVerifier.verify(exportRaw(r), CarLimits.DEFAULT, Expect.NOTHING));
        assertTrue(e.getMessage().contains("sig"), e.getMessage());
        // a commit that is not a map
        Cid notMap = r.store.putDagCbor(new DataString("commit"));
        InvalidRepoException m = assertThrows(InvalidRepoException.class, () -> RepoVerifier.verify(
                CarWriter.toBytes(notMap, List.of(new Block(notMap, r.store.get(notMap)))), CarLimits.DEFAULT, Expect.NOTHING));
        assertTrue(m.getMessage().contains("not a map"), m.getMessage());
    }

    @Test
    void missingBlocksAreNamed() throws IOException {
        CarContents whole = CarReader.readAll(export(REPO), CarLimits.DEFAULT);
        Map.Entry<String, Cid> someRecord = REPO.records.entrySet().stream().skip(123).findFirst().orElseThrow();
        InvalidRepoException rec = assertThrows(InvalidRepoException.class, () -> verifyWithout(whole, someRecord.getValue()));
        assertTrue(rec.getMessage().contains(someRecord.getKey()) && rec.getMessage().contains("not in the file"), rec.getMessage());

        Mst mst = Mst.load(REPO.store, REPO.data, new NodeCache(0));
        Cid child = mst.rootNode().childCids().get(1);
        InvalidRepoException node = assertThrows(InvalidRepoException.class, () -> verifyWithout(whole, child));
        assertTrue(node.getMessage().contains("MST node " + child), node.getMessage());

        InvalidRepoException root = assertThrows(InvalidRepoException.class, () -> verifyWithout(whole, REPO.data));
        assertTrue(root.getMessage().contains(REPO.data.toString()), root.getMessage());

        InvalidRepoException commit = assertThrows(InvalidRepoException.class, () -> verifyWithout(whole, REPO.commit));
        assertTrue(commit.getMessage().contains("root commit"), commit.getMessage());
    }

    @Test
    void exactlyOneRoot() throws IOException {
        CarContents whole = CarReader.readAll(export(REPO), CarLimits.DEFAULT);
        byte[] twoRoots = CarWriter.toBytes(new CarHeader(List.of(REPO.commit, REPO.data)), whole.blocks());
        InvalidRepoException e = assertThrows(InvalidRepoException.class, () -> RepoVerifier.verify(twoRoots, CarLimits.DEFAULT, Expect.NOTHING));
        assertTrue(e.getMessage().contains("exactly one root"), e.getMessage());
    }

    @Test
    void recordsMustBeDagCborMaps() throws IOException {
        TestRepo r = new TestRepo();
        Cid notMap = r.store.putDagCbor(new DataString("just a string"));
        Mst.Persisted p = Mst.empty(r.store, new NodeCache(10)).add("app.bsky.feed.post/3kznmn7xqxl22", notMap).persist();
        r.store.putAll(p.blocks());
        r.data = p.tree().root();
        r.commit = r.putCommit(TestRepo.unsignedCommit(TestRepo.DID, 3, r.data, "3kznmn7xqxl22"), TestRepo.KEY);
        InvalidRepoException e = assertThrows(InvalidRepoException.class, () -> RepoVerifier.verify(exportRaw(r), CarLimits.DEFAULT, Expect.NOTHING));
        assertTrue(e.getMessage().contains("not a map"), e.getMessage());

        byte[] raw = {1, 2, 3};
        Cid rawCid = Cid.ofRaw(raw);
        r.store.put(rawCid, raw);
        Mst.Persisted q = Mst.empty(r.store, new NodeCache(10)).add("app.bsky.feed.post/3kznmn7xqxl22", rawCid).persist();
        r.store.putAll(q.blocks());
        r.commit = r.putCommit(TestRepo.unsignedCommit(TestRepo.DID, 3, q.tree().root(), "3kznmn7xqxl22"), TestRepo.KEY);
        InvalidRepoException e2 = assertThrows(InvalidRepoException.class, () -> RepoVerifier.verify(exportRaw(r), CarLimits.DEFAULT, Expect.NOTHING));
        assertTrue(e2.getMessage().contains("not dag-cbor"), e2.getMessage());
    }

    @Test
    void recordProofHoldsThePathAndTheRecord() {
        Map.Entry<String, Cid> target = REPO.records.entrySet().stream().skip(321).findFirst().orElseThrow();
        String[] parts = target.getKey().split("/");
        byte[] car = RecordProof.car(REPO.store, REPO.commit, parts[0], parts[1], new NodeCache(0));
        CarContents proof = CarReader.readAll(car, CarLimits.DEFAULT);
        assertEquals(REPO.commit, proof.root());
        assertArrayEquals(REPO.store.get(REPO.commit), proof.blocks().get(REPO.commit));
        RepoCommit c = RepoCommit.decode(REPO.commit, proof.blocks().get(REPO.commit));
        assertTrue(c.verifies(TestRepo.KEY.didKey()));
        // the partial tree answers the key from the proof blocks alone
        Mst partial = Mst.load(proof.blocks(), c.data(), new NodeCache(0));
        assertEquals(target.getValue(), partial.get(target.getKey()));
        assertNotNull(proof.blocks().get(target.getValue()));
        assertTrue(proof.blocks().size() < 12, "a path, not the tree: " + proof.blocks().size());

        // an absent key: the path proves absence, no record block
        BlockMap absent = RecordProof.blocks(REPO.store, REPO.commit, "app.bsky.feed.post", "3zzzzzzzzzzzz", new NodeCache(0));
        assertNull(Mst.load(absent, c.data(), new NodeCache(0)).get("app.bsky.feed.post/3zzzzzzzzzzzz"));
        Set<Cid> cids = new HashSet<>(absent.cids());
        cids.retainAll(REPO.records.values());
        assertTrue(cids.isEmpty());
    }

    // ---- helpers ----

    static byte[] export(TestRepo r) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RepoExport.write(r.store, r.commit, out);
        return out.toByteArray();
    }

    /** Every block of the store, rooted at the repo's current commit: for commits export() would refuse. */
    static byte[] exportRaw(TestRepo r) {
        return CarWriter.toBytes(r.commit, r.store);
    }

    private static void verifyWithout(CarContents whole, Cid drop) {
        BlockMap blocks = new BlockMap();
        for (Block b : whole.blocks()) {
            if (!b.cid().equals(drop)) {
                blocks.put(b);
            }
        }
        RepoVerifier.verify(CarWriter.toBytes(whole.header(), blocks), CarLimits.DEFAULT, Expect.NOTHING);
    }

    private static void assertInvalid(TestRepo r, DataMap.Builder unsigned, String mention) {
        r.commit = r.putCommit(unsigned, TestRepo.KEY);
        InvalidRepoException e = assertThrows(InvalidRepoException.class, () -> RepoVerifier.verify(exportRaw(r), CarLimits.DEFAULT, Expect.NOTHING));
        assertTrue(e.getMessage().contains(mention), e.getMessage());
    }
}
