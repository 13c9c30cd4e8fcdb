package dev.pds.e2e.sync;

import static dev.pds.e2e.sync.SyncFixture.assertCar;
import static dev.pds.e2e.sync.SyncFixture.assertError;
import static dev.pds.e2e.sync.SyncFixture.getBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.core.car.CarContents;
import dev.pds.core.car.CarLimits;
import dev.pds.core.car.CarReader;
import dev.pds.core.data.Cid;
import dev.pds.core.repo.WriteOp;
import dev.pds.core.store.RepoHead;
import dev.pds.core.sync.InvalidRepoException;
import dev.pds.core.sync.RepoVerifier;
import dev.pds.core.sync.VerifiedRepo;
import dev.pds.core.syntax.Did;
import dev.pds.e2e.TestServer;
import dev.pds.server.account.AccountStatus;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code com.atproto.sync.getRepo} against a started server: full exports, {@code since}, streaming, errors. */
class GetRepoTest {
    static final String GET_REPO = "/xrpc/com.atproto.sync.getRepo?did=";

    @TempDir
    Path data;

    @Test
    void exportVerifiesAgainstTheKeyInThePlcDocument() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            TestServer.Session alice = pds.createAccount("alice");
            SyncFixture.posts(pds, alice.did(), "p", 250, 25);
            SyncFixture.commit(pds, alice.did(), List.of(
                    WriteOp.create(SyncFixture.LIKE, "l1", SyncFixture.post("a like of sorts")),
                    WriteOp.delete(SyncFixture.POST, "p00007"),
                    WriteOp.update(SyncFixture.POST, "p00008", SyncFixture.post("changed"))));

            HttpResponse<byte[]> r = getBytes(pds, GET_REPO + alice.did(), null);
            assertCar(r);
            assertEquals(String.valueOf(r.body().length), r.headers().firstValue("content-length").orElseThrow(),
                    "sent from a file whose length is known up front");
            String didKey = SyncFixture.didKeyFromDocument(pds, alice.did());
            VerifiedRepo repo = RepoVerifier.verify(r.body(), CarLimits.DEFAULT, new RepoVerifier.Expect(alice.did(), didKey));
            RepoHead head = pds.server.context().store().head(Did.parse(alice.did())).orElseThrow();
            assertEquals(head.commit(), repo.commit());
            assertEquals(head.rev(), repo.rev());
            assertEquals(250, repo.recordCount());
            assertEquals(249L, repo.collections().get(SyncFixture.POST));
            assertEquals(1L, repo.collections().get(SyncFixture.LIKE));

            // a key other than the account's does not verify it: the check above is not vacuous
            TestServer.Session bob = pds.createAccount("bobby");
            String bobKey = SyncFixture.didKeyFromDocument(pds, bob.did());
            assertNotEquals(didKey, bobKey);
            assertThrows(InvalidRepoException.class, () -> RepoVerifier.verify(r.body(), CarLimits.DEFAULT,
                    new RepoVerifier.Expect(alice.did(), bobKey)));
        }
    }

    @Test
    void aNewAccountExportsItsFirstEmptyCommit() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            TestServer.Session alice = pds.createAccount("alice");
            HttpResponse<byte[]> r = getBytes(pds, GET_REPO + alice.did(), null);
            assertCar(r);
            VerifiedRepo repo = RepoVerifier.verify(r.body(), CarLimits.DEFAULT,
                    new RepoVerifier.Expect(alice.did(), SyncFixture.didKeyFromDocument(pds, alice.did())));
            assertEquals(0, repo.recordCount());
            assertEquals(2, repo.blocks().size(), "the commit and the empty MST root");
        }
    }

    @Test
    void sinceSendsTheBlocksOfLaterCommitsOnly() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            TestServer.Session alice = pds.createAccount("alice");
            SyncFixture.posts(pds, alice.did(), "a", 100, 10);
            String since = pds.server.context().store().head(Did.parse(alice.did())).orElseThrow().rev();
            byte[] before = getBytes(pds, GET_REPO + alice.did(), null).body();

            SyncFixture.posts(pds, alice.did(), "b", 5, 1);
            SyncFixture.commit(pds, alice.did(), List.of(WriteOp.delete(SyncFixture.POST, "a00003")));
            byte[] after = getBytes(pds, GET_REPO + alice.did(), null).body();

            HttpResponse<byte[]> r = getBytes(pds, GET_REPO + alice.did() + "&since=" + since, null);
            assertCar(r);
            CarContents diff = CarReader.readAll(r.body(), CarLimits.DEFAULT);
            RepoHead head = pds.server.context().store().head(Did.parse(alice.did())).orElseThrow();
            assertEquals(head.commit(), diff.root());
            Set<Cid> expected = cids(after);
            expected.removeAll(cids(before));
            assertEquals(expected, new TreeSet<>(diff.blocks().cids()), "exactly what the later commits added");
            assertTrue(diff.blocks().cids().contains(head.commit()));
            assertFalse(expected.isEmpty());

            // since the current rev: the header alone
            HttpResponse<byte[]> none = getBytes(pds, GET_REPO + alice.did() + "&since=" + head.rev(), null);
            assertCar(none);
            CarContents empty = CarReader.readAll(none.body(), CarLimits.DEFAULT);
            assertEquals(head.commit(), empty.root());
            assertTrue(empty.blocks().isEmpty());
        }
    }

    @Test
    void aLongExportIsReadFromOneSnapshotWhileWritesGoOn() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            TestServer.Session alice = pds.createAccount("alice");
            SyncFixture.posts(pds, alice.did(), "p", 3000, 200);
            RepoHead atRequest = pds.server.context().store().head(Did.parse(alice.did())).orElseThrow();
            HttpResponse<InputStream> r = pds.http.send(pds.request(GET_REPO + alice.did()).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, r.statusCode());
            try (InputStream body = r.body()) {
                byte[] first = body.readNBytes(1000);
                // the export has begun; these commits land after its snapshot
                SyncFixture.commit(pds, alice.did(), List.of(WriteOp.delete(SyncFixture.POST, "p00001")));
                SyncFixture.posts(pds, alice.did(), "q", 50, 50);
                byte[] rest = body.readAllBytes();
                byte[] car = new byte[first.length + rest.length];
                System.arraycopy(first, 0, car, 0, first.length);
                System.arraycopy(rest, 0, car, first.length, rest.length);
                assertTrue(car.length > 300_000, "several chunks: " + car.length);
                VerifiedRepo repo = RepoVerifier.verify(car, CarLimits.DEFAULT,
                        new RepoVerifier.Expect(alice.did(), SyncFixture.didKeyFromDocument(pds, alice.did())));
                assertEquals(atRequest.commit(), repo.commit());
                assertEquals(3000, repo.recordCount());
            }
        }
    }

    @Test
    void aClientThatLeavesMidExportDoesNotHurtTheServer() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            TestServer.Session alice = pds.createAccount("alice");
            SyncFixture.posts(pds, alice.did(), "p", 3000, 200);
            for (int i = 0; i < 5; i++) {
                HttpResponse<InputStream> r = pds.http.send(pds.request(GET_REPO + alice.did()).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream body = r.body()) {
                    body.readNBytes(5000);
                }
            }
            HttpResponse<byte[]> whole = getBytes(pds, GET_REPO + alice.did(), null);
            assertCar(whole);
            assertEquals(3000, RepoVerifier.verify(whole.body(), CarLimits.DEFAULT, RepoVerifier.Expect.NOTHING).recordCount());
        }
    }

    @Test
    void unavailableReposAndBadParametersAreRefused() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            TestServer.Session alice = pds.createAccount("alice");
            assertError(pds.get(GET_REPO + "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa"), 400, "RepoNotFound");
            assertError(pds.get(GET_REPO + "not-a-did"), 400, "InvalidRequest");
            assertError(pds.get("/xrpc/com.atproto.sync.getRepo"), 400, "InvalidRequest");
            assertError(pds.get(GET_REPO + alice.did() + "&since=yesterday"), 400, "InvalidRequest");
            assertError(pds.get(GET_REPO + alice.did(), "not-a-token"), 400, "InvalidToken");

            SyncFixture.setStatus(pds, alice.did(), AccountStatus.DEACTIVATED);
            assertError(pds.get(GET_REPO + alice.did()), 400, "RepoDeactivated");
            // the account itself still gets its repo
            assertCar(getBytes(pds, GET_REPO + alice.did(), alice.accessJwt()));
            SyncFixture.setStatus(pds, alice.did(), AccountStatus.TAKENDOWN);
            assertError(pds.get(GET_REPO + alice.did()), 400, "RepoTakendown");
            SyncFixture.setStatus(pds, alice.did(), AccountStatus.SUSPENDED);
            assertError(pds.get(GET_REPO + alice.did()), 400, "RepoSuspended");
            SyncFixture.setStatus(pds, alice.did(), AccountStatus.ACTIVE);
            assertCar(getBytes(pds, GET_REPO + alice.did(), null));
        }
    }

    @Test
    void theDeprecatedGetCheckoutIsAFullExport() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            TestServer.Session alice = pds.createAccount("alice");
            SyncFixture.posts(pds, alice.did(), "p", 30, 10);
            String since = pds.server.context().store().head(Did.parse(alice.did())).orElseThrow().rev();
            SyncFixture.posts(pds, alice.did(), "q", 5, 5);
            // `since` is not getCheckout's: the whole repo comes back, the same bytes as getRepo's
            HttpResponse<byte[]> checkout = getBytes(pds, "/xrpc/com.atproto.sync.getCheckout?did=" + alice.did() + "&since=" + since, null);
            assertCar(checkout);
            VerifiedRepo repo = RepoVerifier.verify(checkout.body(), CarLimits.DEFAULT,
                    new RepoVerifier.Expect(alice.did(), SyncFixture.didKeyFromDocument(pds, alice.did())));
            assertEquals(35, repo.recordCount());
            assertTrue(java.util.Arrays.equals(getBytes(pds, GET_REPO + alice.did(), null).body(), checkout.body()));
            assertError(pds.get("/xrpc/com.atproto.sync.getCheckout?did=did:plc:aaaaaaaaaaaaaaaaaaaaaaaa"), 400, "RepoNotFound");
            SyncFixture.setStatus(pds, alice.did(), AccountStatus.TAKENDOWN);
            assertError(pds.get("/xrpc/com.atproto.sync.getCheckout?did=" + alice.did()), 400, "RepoTakendown");
        }
    }

    static HttpResponse<String> getAs(TestServer pds, String pathAndQuery, String authorization) throws Exception {
        return pds.http.send(pds.request(pathAndQuery).header("Authorization", authorization).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theAdminAndATakenDownOwnerMayStillExport() throws Exception {
        String adminPassword = "admin-pass-for-export-tests";
        try (TestServer pds = TestServer.start(data, java.util.Map.of("PDS_DEV_MODE", "true", "PDS_INVITE_REQUIRED", "false",
                "PDS_ADMIN_PASSWORD", adminPassword), List.of(), List.of())) {
            TestServer.Session alice = pds.createAccount("alice");
            String admin = "Basic " + java.util.Base64.getEncoder().encodeToString(
                    ("admin:" + adminPassword).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String wrongAdmin = "Basic " + java.util.Base64.getEncoder().encodeToString(
                    "admin:guess".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            SyncFixture.setStatus(pds, alice.did(), AccountStatus.TAKENDOWN);
            HttpResponse<String> login = pds.postJson("/xrpc/com.atproto.server.createSession",
                    "{\"identifier\":\"alice.test\",\"password\":\"alice-pass\",\"allowTakendown\":true}");
            assertEquals(200, login.statusCode(), login.body());
            String takendownToken = SyncFixture.json(login).get("accessJwt").asText();

            String latest = "/xrpc/com.atproto.sync.getLatestCommit?did=" + alice.did();
            assertError(pds.get(GET_REPO + alice.did()), 400, "RepoTakendown");
            for (String path : List.of(GET_REPO + alice.did(), latest, "/xrpc/com.atproto.sync.listBlobs?did=" + alice.did())) {
                assertEquals(200, getAs(pds, path, admin).statusCode(), path);
                assertError(getAs(pds, path, wrongAdmin), 401, "AuthenticationRequired");
            }
            // the owner's taken-down session may export (repo, blobs) but not read as a client would
            assertEquals(200, getAs(pds, GET_REPO + alice.did(), "Bearer " + takendownToken).statusCode());
            assertEquals(200, getAs(pds, "/xrpc/com.atproto.sync.listBlobs?did=" + alice.did(), "Bearer " + takendownToken)
                    .statusCode());
            assertError(getAs(pds, latest, "Bearer " + takendownToken), 400, "InvalidToken");
            assertError(pds.get("/xrpc/com.atproto.server.getSession", takendownToken), 400, "InvalidToken");
        }
    }

    private static Set<Cid> cids(byte[] car) {
        return new TreeSet<>(CarReader.readAll(car, CarLimits.DEFAULT).blocks().cids());
    }
}
