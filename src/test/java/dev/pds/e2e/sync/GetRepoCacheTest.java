package dev.pds.e2e.sync;

import static dev.pds.e2e.sync.SyncFixture.assertCar;
import static dev.pds.e2e.sync.SyncFixture.getBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.core.car.CarLimits;
import dev.pds.core.repo.WriteOp;
import dev.pds.core.store.RepoHead;
import dev.pds.core.sync.RepoVerifier;
import dev.pds.core.sync.VerifiedRepo;
import dev.pds.core.syntax.Did;
import dev.pds.e2e.TestServer;
import dev.pds.server.account.AccountStatus;
import dev.pds.server.api.sync.GetRepo;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Full getRepo exports kept as files: a kept export is served only while the repo's head is its
 * commit, also while commits land during exports, and the files do not outlive a restart.
 */
class GetRepoCacheTest {
    @TempDir
    Path data;

    private static VerifiedRepo export(TestServer pds, String did) throws Exception {
        HttpResponse<byte[]> r = getBytes(pds, GetRepoTest.GET_REPO + did, null);
        assertCar(r);
        return RepoVerifier.verify(r.body(), CarLimits.DEFAULT, RepoVerifier.Expect.NOTHING);
    }

    private static RepoHead head(TestServer pds, String did) {
        return pds.server.context().store().head(Did.parse(did)).orElseThrow();
    }

    private long keptFiles() throws Exception {
        try (Stream<Path> files = Files.list(data.resolve(GetRepo.CACHE_FOLDER))) {
            return files.filter(p -> p.toString().endsWith(".car")).count();
        }
    }

    @Test
    void aKeptExportIsNeverServedOnceTheHeadHasMoved() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            TestServer.Session alice = pds.createAccount("alice");
            SyncFixture.posts(pds, alice.did(), "p", 200, 50);
            byte[] first = getBytes(pds, GetRepoTest.GET_REPO + alice.did(), null).body();
            assertEquals(1, keptFiles());
            assertArrayEquals(first, getBytes(pds, GetRepoTest.GET_REPO + alice.did(), null).body(),
                    "the same commit, the same bytes");
            for (int i = 0; i < 5; i++) {
                SyncFixture.commit(pds, alice.did(), List.of(WriteOp.delete(SyncFixture.POST, String.format("p%05d", i))));
                VerifiedRepo repo = export(pds, alice.did());
                assertEquals(head(pds, alice.did()).commit(), repo.commit(), "after commit " + i);
                assertEquals(199 - i, repo.recordCount());
                assertEquals(1, keptFiles(), "the previous commit's export is gone");
            }
            // a second account keeps its own
            TestServer.Session bob = pds.createAccount("bobby");
            assertEquals(0, export(pds, bob.did()).recordCount());
            assertEquals(195, export(pds, alice.did()).recordCount());
            assertEquals(2, keptFiles());
        }
    }

    @Test
    void exportsWhileCommitsLandAreOfTheHeadAtRequestTimeOrLater() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            TestServer.Session alice = pds.createAccount("alice");
            SyncFixture.posts(pds, alice.did(), "p", 500, 100);
            ExecutorService writer = Executors.newSingleThreadExecutor();
            try {
                Future<?> writes = writer.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        SyncFixture.posts(pds, alice.did(), "w" + i + "x", 5, 5);
                    }
                    return null;
                });
                int exports = 0;
                while (!writes.isDone() || exports < 5) {
                    RepoHead before = head(pds, alice.did());
                    VerifiedRepo repo = export(pds, alice.did());
                    assertTrue(repo.rev().compareTo(before.rev()) >= 0,
                            "export at " + repo.rev() + " is older than the head " + before.rev() + " at request time");
                    RepoHead after = head(pds, alice.did());
                    assertTrue(repo.rev().compareTo(after.rev()) <= 0);
                    exports++;
                }
                writes.get(60, TimeUnit.SECONDS);
            } finally {
                writer.shutdownNow();
            }
            VerifiedRepo last = export(pds, alice.did());
            assertEquals(head(pds, alice.did()).commit(), last.commit());
            assertEquals(700, last.recordCount());
        }
    }

    @Test
    void aRepoThatMayNoLongerBeServedLosesItsKeptExport() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            TestServer.Session alice = pds.createAccount("alice");
            TestServer.Session bob = pds.createAccount("bobby");
            SyncFixture.posts(pds, alice.did(), "p", 50, 50);
            export(pds, alice.did());
            export(pds, bob.did());
            assertEquals(2, keptFiles());
            SyncFixture.setStatus(pds, alice.did(), AccountStatus.TAKENDOWN);
            SyncFixture.assertError(pds.get(GetRepoTest.GET_REPO + alice.did()), 400, "RepoTakendown");
            assertEquals(1, keptFiles(), "the taken-down repo's export was deleted, the other kept");
            SyncFixture.setStatus(pds, alice.did(), AccountStatus.ACTIVE);
            assertEquals(50, export(pds, alice.did()).recordCount());
            assertEquals(2, keptFiles());
        }
    }

    @Test
    void keptExportsDoNotOutliveARestart() throws Exception {
        String did;
        byte[] before;
        try (TestServer pds = TestServer.start(data)) {
            TestServer.Session alice = pds.createAccount("alice");
            did = alice.did();
            SyncFixture.posts(pds, did, "p", 100, 50);
            before = getBytes(pds, GetRepoTest.GET_REPO + did, null).body();
            assertEquals(1, keptFiles());
        }
        assertEquals(1, keptFiles(), "left on disk by the first run");
        try (TestServer pds = TestServer.start(data)) {
            assertEquals(0, keptFiles(), "emptied at startup");
            assertArrayEquals(before, getBytes(pds, GetRepoTest.GET_REPO + did, null).body());
            assertEquals(1, keptFiles());
            SyncFixture.posts(pds, did, "q", 10, 10);
            VerifiedRepo repo = export(pds, did);
            assertEquals(110, repo.recordCount());
            assertFalse(repo.commit().equals(RepoVerifier.verify(before, CarLimits.DEFAULT,
                    RepoVerifier.Expect.NOTHING).commit()));
        }
    }
}
