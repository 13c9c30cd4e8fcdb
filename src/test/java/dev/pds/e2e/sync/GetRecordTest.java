package dev.pds.e2e.sync;

import static dev.pds.e2e.sync.SyncFixture.assertCar;
import static dev.pds.e2e.sync.SyncFixture.assertError;
import static dev.pds.e2e.sync.SyncFixture.getBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.core.car.CarContents;
import dev.pds.core.car.CarLimits;
import dev.pds.core.car.CarReader;
import dev.pds.core.data.Cid;
import dev.pds.core.data.DagCbor;
import dev.pds.core.mst.Mst;
import dev.pds.core.mst.NodeCache;
import dev.pds.core.store.RepoHead;
import dev.pds.core.store.StoredRecord;
import dev.pds.core.sync.RepoCommit;
import dev.pds.core.syntax.Did;
import dev.pds.core.syntax.Nsid;
import dev.pds.core.syntax.RecordKey;
import dev.pds.e2e.TestServer;
import dev.pds.server.account.AccountStatus;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code com.atproto.sync.getRecord}: proofs of presence and absence checked against the signed commit. */
class GetRecordTest {
    static final String GET_RECORD = "/xrpc/com.atproto.sync.getRecord";

    @TempDir
    Path data;

    static String path(String did, String collection, String rkey) {
        return GET_RECORD + "?did=" + did + "&collection=" + collection + "&rkey=" + rkey;
    }

    /** The proof's commit, checked: the head's CID, signed by the key in the DID document. */
    static RepoCommit checkedCommit(TestServer pds, String did, CarContents proof) {
        RepoHead head = pds.server.context().store().head(Did.parse(did)).orElseThrow();
        assertEquals(head.commit(), proof.root());
        RepoCommit commit = RepoCommit.decode(proof.root(), proof.blocks().get(proof.root()));
        assertEquals(did, commit.did());
        assertTrue(commit.verifies(SyncFixture.didKeyFromDocument(pds, did)), "signed by the key in the DID document");
        return commit;
    }

    @Test
    void aProofHoldsTheSignedCommitThePathAndTheRecord() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            TestServer.Session alice = pds.createAccount("alice");
            SyncFixture.posts(pds, alice.did(), "p", 500, 100);

            HttpResponse<byte[]> r = getBytes(pds, path(alice.did(), SyncFixture.POST, "p00123"), null);
            assertCar(r);
            CarContents proof = CarReader.readAll(r.body(), CarLimits.DEFAULT);
            RepoCommit commit = checkedCommit(pds, alice.did(), proof);
            // the MST loads from the proof's blocks alone down to the key
            Cid value = Mst.load(proof.blocks(), commit.data(), new NodeCache(0)).get(SyncFixture.POST + "/p00123");
            StoredRecord stored = pds.server.context().store().records().getRecord(Did.parse(alice.did()), Nsid.parse(SyncFixture.POST),
                    RecordKey.parse("p00123")).orElseThrow();
            assertEquals(stored.cid(), value);
            assertArrayEquals(stored.bytes(), proof.blocks().get(value));
            assertEquals(SyncFixture.post("p number 123"), DagCbor.decode(proof.blocks().get(value)));
            assertTrue(proof.blocks().size() < 20, "a path, not the repo: " + proof.blocks().size());
        }
    }

    @Test
    void aMissingRecordGetsAProofOfAbsence() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            TestServer.Session alice = pds.createAccount("alice");
            SyncFixture.posts(pds, alice.did(), "p", 300, 100);
            HttpResponse<byte[]> r = getBytes(pds, path(alice.did(), SyncFixture.POST, "nothere"), null);
            assertCar(r);
            CarContents proof = CarReader.readAll(r.body(), CarLimits.DEFAULT);
            RepoCommit commit = checkedCommit(pds, alice.did(), proof);
            // the lookup walks only proof blocks (a missing node would throw) and finds nothing
            assertNull(Mst.load(proof.blocks(), commit.data(), new NodeCache(0)).get(SyncFixture.POST + "/nothere"));
            assertNotNull(proof.blocks().get(commit.data()));

            // and in an empty repo: the commit and its empty root
            TestServer.Session bob = pds.createAccount("bobby");
            CarContents empty = CarReader.readAll(getBytes(pds, path(bob.did(), SyncFixture.POST, "x"), null).body(),
                    CarLimits.DEFAULT);
            RepoCommit bobCommit = checkedCommit(pds, bob.did(), empty);
            assertNull(Mst.load(empty.blocks(), bobCommit.data(), new NodeCache(0)).get(SyncFixture.POST + "/x"));
            assertEquals(2, empty.blocks().size());
        }
    }

    @Test
    void badParametersAndUnavailableReposAreRefused() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            TestServer.Session alice = pds.createAccount("alice");
            assertError(pds.get(path("did:plc:aaaaaaaaaaaaaaaaaaaaaaaa", SyncFixture.POST, "a")), 400, "RepoNotFound");
            assertError(pds.get(path(alice.did(), "nodots", "a")), 400, "InvalidRequest");
            assertError(pds.get(path(alice.did(), SyncFixture.POST, "..")), 400, "InvalidRequest");
            assertError(pds.get(GET_RECORD + "?did=" + alice.did() + "&collection=" + SyncFixture.POST), 400, "InvalidRequest");
            SyncFixture.setStatus(pds, alice.did(), AccountStatus.TAKENDOWN);
            assertError(pds.get(path(alice.did(), SyncFixture.POST, "a")), 400, "RepoTakendown");
            SyncFixture.setStatus(pds, alice.did(), AccountStatus.DEACTIVATED);
            assertError(pds.get(path(alice.did(), SyncFixture.POST, "a")), 400, "RepoDeactivated");
            assertCar(getBytes(pds, path(alice.did(), SyncFixture.POST, "a"), alice.accessJwt()));
        }
    }
}
