package dev.pds.e2e.sync;

import static dev.pds.e2e.sync.SyncFixture.assertCar;
import static dev.pds.e2e.sync.SyncFixture.assertError;
import static dev.pds.e2e.sync.SyncFixture.getBytes;
import static dev.pds.e2e.sync.SyncFixture.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pds.core.car.CarLimits;
import dev.pds.core.car.CarReader;
import dev.pds.core.data.Cid;
import dev.pds.core.store.RepoHead;
import dev.pds.core.sync.VerifiedRepo;
import dev.pds.core.syntax.Did;
import dev.pds.e2e.TestServer;
import dev.pds.server.account.AccountStatus;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** getBlocks, getLatestCommit, getRepoStatus and listRepos against a started server. */
class SyncQueriesTest {
    static final String GET_BLOCKS = "/xrpc/com.atproto.sync.getBlocks?did=";
    static final String LATEST = "/xrpc/com.atproto.sync.getLatestCommit?did=";
    static final String STATUS = "/xrpc/com.atproto.sync.getRepoStatus?did=";
    static final String LIST = "/xrpc/com.atproto.sync.listRepos";
    static final String NOBODY = "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa";

    @TempDir
    Path data;

    @Test
    void getBlocksAnswersTheAskedBlocksInARootlessCar() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            TestServer.Session alice = pds.createAccount("alice");
            SyncFixture.posts(pds, alice.did(), "p", 40, 10);
            VerifiedRepo repo = dev.pds.core.sync.RepoVerifier.verify(
                    getBytes(pds, GetRepoTest.GET_REPO + alice.did(), null).body(), CarLimits.DEFAULT,
                    dev.pds.core.sync.RepoVerifier.Expect.NOTHING);
            List<Cid> wanted = List.of(repo.commit(), repo.data(), repo.blocks().cids().get(5));
            StringBuilder query = new StringBuilder(GET_BLOCKS + alice.did());
            for (Cid cid : wanted) {
                query.append("&cids=").append(cid);
            }
            query.append("&cids=").append(repo.commit()); // asked twice, sent once
            HttpResponse<byte[]> r = getBytes(pds, query.toString(), null);
            assertCar(r);
            SyncFixture.RawCar car = SyncFixture.readRawCar(r.body());
            assertEquals(List.of(), car.roots(), "no roots, as the reference answers");
            assertEquals(3, car.blocks().size());
            for (Cid cid : wanted) {
                assertArrayEquals(repo.blocks().get(cid), car.blocks().get(cid));
            }
        }
    }

    @Test
    void getBlocksNamesTheMissingCids() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            TestServer.Session alice = pds.createAccount("alice");
            TestServer.Session bob = pds.createAccount("bobby");
            RepoHead aliceHead = pds.server.context().store().head(Did.parse(alice.did())).orElseThrow();
            Cid unknown = Cid.ofDagCbor(new byte[] {(byte) 0xa0});
            HttpResponse<String> r = pds.get(GET_BLOCKS + alice.did() + "&cids=" + aliceHead.commit() + "&cids=" + unknown);
            assertError(r, 400, "InvalidRequest");
            assertTrue(json(r).get("message").asText().contains(unknown.toString()), r.body());
            assertFalse(json(r).get("message").asText().contains(aliceHead.commit().toString()), r.body());
            // a block of another repo is not this repo's
            assertError(pds.get(GET_BLOCKS + bob.did() + "&cids=" + aliceHead.commit()), 400, "InvalidRequest");
            assertError(pds.get(GET_BLOCKS + alice.did() + "&cids=notacid"), 400, "InvalidRequest");
            assertError(pds.get(GET_BLOCKS + NOBODY + "&cids=" + aliceHead.commit()), 400, "RepoNotFound");
            SyncFixture.setStatus(pds, alice.did(), AccountStatus.DEACTIVATED);
            assertError(pds.get(GET_BLOCKS + alice.did() + "&cids=" + aliceHead.commit()), 400, "RepoDeactivated");
        }
    }

    @Test
    void getLatestCommitFollowsTheHead() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            TestServer.Session alice = pds.createAccount("alice");
            for (int round = 0; round < 2; round++) {
                HttpResponse<String> r = pds.get(LATEST + alice.did());
                assertEquals(200, r.statusCode(), r.body());
                RepoHead head = pds.server.context().store().head(Did.parse(alice.did())).orElseThrow();
                assertEquals(head.commit().toString(), json(r).get("cid").asText());
                assertEquals(head.rev(), json(r).get("rev").asText());
                SyncFixture.posts(pds, alice.did(), "r" + round, 3, 3);
            }
            assertError(pds.get(LATEST + NOBODY), 400, "RepoNotFound");
            assertError(pds.get(LATEST + "bob"), 400, "InvalidRequest");
            SyncFixture.setStatus(pds, alice.did(), AccountStatus.TAKENDOWN);
            assertError(pds.get(LATEST + alice.did()), 400, "RepoTakendown");
        }
    }

    @Test
    void theDeprecatedGetHeadNamesTheCurrentCommit() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            TestServer.Session alice = pds.createAccount("alice");
            SyncFixture.posts(pds, alice.did(), "r", 3, 3);
            HttpResponse<String> r = pds.get("/xrpc/com.atproto.sync.getHead?did=" + alice.did());
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(pds.server.context().store().head(Did.parse(alice.did())).orElseThrow().commit().toString(),
                    json(r).get("root").asText());
            assertEquals(json(pds.get(LATEST + alice.did())).get("cid").asText(), json(r).get("root").asText());
            assertError(pds.get("/xrpc/com.atproto.sync.getHead?did=" + NOBODY), 400, "RepoNotFound");
            assertError(pds.get("/xrpc/com.atproto.sync.getHead?did=bob"), 400, "InvalidRequest");
            SyncFixture.setStatus(pds, alice.did(), AccountStatus.DEACTIVATED);
            assertError(pds.get("/xrpc/com.atproto.sync.getHead?did=" + alice.did()), 400, "RepoDeactivated");
        }
    }

    @Test
    void getRepoStatusTellsWhyARepoIsNotServed() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            TestServer.Session alice = pds.createAccount("alice");
            JsonNode active = json(pds.get(STATUS + alice.did()));
            assertEquals(alice.did(), active.get("did").asText());
            assertTrue(active.get("active").asBoolean());
            assertFalse(active.has("status"));
            assertEquals(pds.server.context().store().head(Did.parse(alice.did())).orElseThrow().rev(),
                    active.get("rev").asText());
            for (AccountStatus status : List.of(AccountStatus.DEACTIVATED, AccountStatus.TAKENDOWN, AccountStatus.SUSPENDED)) {
                SyncFixture.setStatus(pds, alice.did(), status);
                HttpResponse<String> r = pds.get(STATUS + alice.did());
                assertEquals(200, r.statusCode(), r.body());
                assertFalse(json(r).get("active").asBoolean());
                assertEquals(status.wireName(), json(r).get("status").asText());
                assertFalse(json(r).has("rev"), "no rev while inactive, as the reference");
            }
            assertError(pds.get(STATUS + NOBODY), 400, "RepoNotFound");
            assertError(pds.get(STATUS + "nope"), 400, "InvalidRequest");
        }
    }

    @Test
    void listReposPagesThroughEveryRepoWithHeadsAndStatuses() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            Map<String, String> byDid = new TreeMap<>();
            for (String name : List.of("anna", "bert", "cleo", "dora", "emil")) {
                byDid.put(pds.createAccount(name).did(), name);
            }
            String deactivated = byDid.keySet().stream().skip(2).findFirst().orElseThrow();
            SyncFixture.setStatus(pds, deactivated, AccountStatus.DEACTIVATED);
            SyncFixture.posts(pds, byDid.keySet().iterator().next(), "x", 2, 2);

            List<JsonNode> seen = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                HttpResponse<String> r = pds.get(LIST + "?limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
                assertEquals(200, r.statusCode(), r.body());
                JsonNode page = json(r);
                assertTrue(page.get("repos").size() <= 2);
                page.get("repos").forEach(seen::add);
                cursor = page.has("cursor") ? page.get("cursor").asText() : null;
                pages++;
            } while (cursor != null && pages < 10);
            assertEquals(3, pages);
            assertEquals(new ArrayList<>(byDid.keySet()), seen.stream().map(j -> j.get("did").asText()).toList(),
                    "every repo once, in DID order");
            for (JsonNode repo : seen) {
                String did = repo.get("did").asText();
                RepoHead head = pds.server.context().store().head(Did.parse(did)).orElseThrow();
                assertEquals(head.commit().toString(), repo.get("head").asText());
                assertEquals(head.rev(), repo.get("rev").asText());
                boolean isDeactivated = did.equals(deactivated);
                assertEquals(!isDeactivated, repo.get("active").asBoolean());
                assertEquals(isDeactivated ? "deactivated" : null, repo.has("status") ? repo.get("status").asText() : null);
            }

            JsonNode all = json(pds.get(LIST));
            assertEquals(5, all.get("repos").size(), "the default limit takes them all");
            assertFalse(all.has("cursor"));
            assertError(pds.get(LIST + "?limit=0"), 400, "InvalidRequest");
            assertError(pds.get(LIST + "?limit=1001"), 400, "InvalidRequest");
            assertError(pds.get(LIST + "?limit=two"), 400, "InvalidRequest");
            assertError(pds.get(LIST + "?cursor=garbage"), 400, "InvalidRequest");
        }
    }
}
