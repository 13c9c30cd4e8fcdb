package dev.pds.e2e.blob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.e2e.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** com.atproto.sync.listBlobs (paging, since) and com.atproto.repo.listMissingBlobs. */
class BlobListsTest {
    @TempDir
    static Path data;

    static TestServer pds;
    static BlobFixture blobs;
    static TestServer.Session alice;
    static TestServer.Session carol;
    static TestServer.Session dave;
    static final TreeSet<String> referenced = new TreeSet<>();
    static String revAfterThree;
    static final List<String> laterCids = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        pds = TestServer.start(data);
        blobs = new BlobFixture(pds);
        alice = pds.createAccount("alice");
        carol = pds.createAccount("carol");
        dave = pds.createAccount("dave");
        for (int i = 0; i < 5; i++) {
            ObjectNode blob = blobs.uploaded(alice, blobs.png(1000 + i), "image/png");
            String rev = blobs.holdInRecord(alice, "r" + i, blob);
            referenced.add(BlobFixture.cidOf(blob));
            if (i == 2) {
                revAfterThree = rev;
            } else if (i > 2) {
                laterCids.add(BlobFixture.cidOf(blob));
            }
        }
        // an upload nobody references is not listed
        blobs.uploaded(alice, blobs.png(999), "image/png");
    }

    @AfterAll
    static void stop() {
        pds.close();
    }

    private static JsonNode listBlobs(String query) throws Exception {
        HttpResponse<String> r = pds.get("/xrpc/com.atproto.sync.listBlobs?" + query);
        assertEquals(200, r.statusCode(), r.body());
        return BlobFixture.JSON.readTree(r.body());
    }

    private static List<String> cids(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.get("cids").forEach(c -> out.add(c.asText()));
        return out;
    }

    @Test
    void listsEveryReferencedBlobInCidOrder() throws Exception {
        assertEquals(new ArrayList<>(referenced), cids(listBlobs("did=" + alice.did())));
    }

    @Test
    void pagesFollowTheCursor() throws Exception {
        List<String> all = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = listBlobs("did=" + alice.did() + "&limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            List<String> got = cids(page);
            assertTrue(got.size() <= 2);
            all.addAll(got);
            cursor = page.has("cursor") ? page.get("cursor").asText() : null;
            if (!got.isEmpty()) {
                assertEquals(got.get(got.size() - 1), cursor);
            }
            pages++;
        } while (cursor != null && pages < 10);
        assertEquals(new ArrayList<>(referenced), all);
        assertEquals(4, pages, "2 + 2 + 1, then an empty page without a cursor");
    }

    @Test
    void sinceKeepsBlobsOfLaterCommits() throws Exception {
        assertEquals(new TreeSet<>(laterCids), new TreeSet<>(cids(listBlobs("did=" + alice.did() + "&since=" + revAfterThree))));
    }

    @Test
    void badRequests() throws Exception {
        HttpResponse<String> unknown = pds.get("/xrpc/com.atproto.sync.listBlobs?did=did:plc:aaaaaaaaaaaaaaaaaaaaaaaa");
        assertEquals(400, unknown.statusCode());
        assertEquals("RepoNotFound", BlobFixture.errorName(unknown));
        HttpResponse<String> tooMany = pds.get("/xrpc/com.atproto.sync.listBlobs?did=" + alice.did() + "&limit=1001");
        assertEquals(400, tooMany.statusCode());
        HttpResponse<String> badSince = pds.get("/xrpc/com.atproto.sync.listBlobs?did=" + alice.did() + "&since=yesterday");
        assertEquals(400, badSince.statusCode());
        assertEquals(0, cids(listBlobs("did=" + dave.did())).size());
    }

    @Test
    void missingBlobsAreThoseRecordsCiteButNobodyUploaded() throws Exception {
        HttpResponse<String> none = pds.get("/xrpc/com.atproto.repo.listMissingBlobs", alice.accessJwt());
        assertEquals(200, none.statusCode(), none.body());
        assertEquals(0, BlobFixture.JSON.readTree(none.body()).get("blobs").size());
        assertFalse(BlobFixture.JSON.readTree(none.body()).has("cursor"));

        // an imported record (as after a migration) citing a blob this server never saw
        byte[] absent = blobs.png(4321);
        String absentCid = dev.pds.core.data.Cid.ofRaw(absent).toString();
        ImportedRecords.commit(pds, carol.did(), BlobFixture.COLLECTION, "imported", absentCid, "image/png", absent.length);

        HttpResponse<String> missing = pds.get("/xrpc/com.atproto.repo.listMissingBlobs?limit=10", carol.accessJwt());
        assertEquals(200, missing.statusCode(), missing.body());
        JsonNode list = BlobFixture.JSON.readTree(missing.body());
        assertEquals(1, list.get("blobs").size());
        assertEquals(absentCid, list.get("blobs").get(0).get("cid").asText());
        assertEquals("at://" + carol.did() + "/" + BlobFixture.COLLECTION + "/imported",
                list.get("blobs").get(0).get("recordUri").asText());
        assertEquals(absentCid, list.get("cursor").asText());
        assertEquals(List.of(absentCid), cids(listBlobs("did=" + carol.did())));

        // the upload fills the gap and is permanent at once: the record already holds it
        blobs.uploaded(carol, absent, "image/png");
        JsonNode after = BlobFixture.JSON.readTree(
                pds.get("/xrpc/com.atproto.repo.listMissingBlobs", carol.accessJwt()).body());
        assertEquals(0, after.get("blobs").size());
        blobs.sweepAfter(java.time.Duration.ofHours(2));
        assertEquals(200, blobs.getBlob(carol.did(), absentCid).statusCode());

        HttpResponse<String> noAuth = pds.get("/xrpc/com.atproto.repo.listMissingBlobs");
        assertEquals(401, noAuth.statusCode());
    }
}
