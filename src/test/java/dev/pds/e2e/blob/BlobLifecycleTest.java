package dev.pds.e2e.blob;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.data.Cid;
import dev.pds.core.syntax.Did;
import dev.pds.e2e.TestServer;
import dev.pds.server.blob.BlobSweeper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A blob's life: temporary after upload, permanent once a committed record references it,
 * deleted when no record does any more or, never referenced, when it expires. Records that
 * cite blobs the account does not have, or with the wrong type or size, are refused whole.
 */
class BlobLifecycleTest {
    private static final Duration PAST_EXPIRY = Duration.ofHours(2);
    /** Past the minute a commit's check shields its blobs from the sweeper, within the upload lifetime. */
    private static final Duration NEXT_SWEEP = Duration.ofMinutes(2);

    @TempDir
    static Path data;

    static TestServer pds;
    static BlobFixture blobs;
    static TestServer.Session alice;
    static TestServer.Session bob;

    @BeforeAll
    static void start() throws Exception {
        pds = TestServer.start(data);
        blobs = new BlobFixture(pds);
        alice = pds.createAccount("alice");
        bob = pds.createAccount("bob");
    }

    @AfterAll
    static void stop() {
        pds.close();
    }

    private static Path file(TestServer.Session who, ObjectNode blob) {
        return pds.server.context().blobs().path(Did.parse(who.did()), Cid.parse(BlobFixture.cidOf(blob)));
    }

    private static int getBlobStatus(TestServer.Session who, ObjectNode blob) throws Exception {
        return blobs.getBlob(who.did(), BlobFixture.cidOf(blob)).statusCode();
    }

    @Test
    void referencedBlobIsServedAndOutlivesTheExpiry() throws Exception {
        byte[] bytes = blobs.png(5000);
        ObjectNode blob = blobs.uploaded(alice, bytes, "image/png");
        blobs.holdInRecord(alice, "kept", blob);
        blobs.sweepAfter(PAST_EXPIRY);
        HttpResponse<byte[]> response = blobs.getBlob(alice.did(), BlobFixture.cidOf(blob));
        assertEquals(200, response.statusCode());
        assertArrayEquals(bytes, response.body());
        assertTrue(Files.exists(file(alice, blob)));
    }

    @Test
    void deletingTheOnlyRecordDeletesTheBlob() throws Exception {
        ObjectNode blob = blobs.uploaded(alice, blobs.png(4000), "image/png");
        blobs.holdInRecord(alice, "short-lived", blob);
        assertEquals(200, getBlobStatus(alice, blob));

        assertEquals(200, blobs.deleteRecord(alice, "short-lived").statusCode());
        assertEquals(400, getBlobStatus(alice, blob), "no record references it: not served any more");
        // the commit that took it checked it moments ago: the sweeper leaves it for a pass a minute on
        BlobSweeper.Result soon = blobs.sweepAfter(Duration.ZERO);
        assertTrue(soon.deferred() >= 1, soon.toString());
        assertTrue(Files.exists(file(alice, blob)));
        BlobSweeper.Result later = blobs.sweepAfter(NEXT_SWEEP);
        assertTrue(later.deleted() >= 1, later.toString());
        assertEquals(400, getBlobStatus(alice, blob));
        assertFalse(Files.exists(file(alice, blob)));
        // gone for good: a new record cannot cite it without uploading it again
        HttpResponse<String> again = blobs.createRecord(alice, "resurrect", BlobFixture.record(blob));
        assertEquals(400, again.statusCode());
        assertEquals("BlobNotFound", BlobFixture.errorName(again));
    }

    @Test
    void updatingARecordAwayFromItsBlobDeletesIt() throws Exception {
        ObjectNode old = blobs.uploaded(alice, blobs.png(3000), "image/png");
        ObjectNode replacement = blobs.uploaded(alice, blobs.png(3100), "image/png");
        blobs.holdInRecord(alice, "changing", old);

        HttpResponse<String> put = blobs.putRecord(alice, "changing", BlobFixture.record(replacement));
        assertEquals(200, put.statusCode(), put.body());
        blobs.sweepAfter(NEXT_SWEEP);
        assertEquals(400, getBlobStatus(alice, old));
        assertFalse(Files.exists(file(alice, old)));
        assertEquals(200, getBlobStatus(alice, replacement));
    }

    @Test
    void updatingARecordThatKeepsItsBlobKeepsIt() throws Exception {
        ObjectNode blob = blobs.uploaded(alice, blobs.png(3200), "image/png");
        blobs.holdInRecord(alice, "steady", blob);
        ObjectNode newer = BlobFixture.record(blob);
        newer.put("note", "edited");
        assertEquals(200, blobs.putRecord(alice, "steady", newer).statusCode());
        blobs.sweepAfter(PAST_EXPIRY);
        assertEquals(200, getBlobStatus(alice, blob));
    }

    @Test
    void aBatchReferencesOnlyTheBlobsOfTheRecordsItLeaves() throws Exception {
        ObjectNode first = blobs.uploaded(alice, blobs.png(3400), "image/png");
        ObjectNode second = blobs.uploaded(alice, blobs.png(3500), "image/png");
        com.fasterxml.jackson.databind.node.ArrayNode writes = BlobFixture.JSON.createArrayNode();
        write(writes, "create", "relay", BlobFixture.record(first));
        write(writes, "update", "relay", BlobFixture.record(second));
        write(writes, "create", "brief", BlobFixture.record(first));
        write(writes, "delete", "brief", null);
        HttpResponse<String> applied = applyWrites(alice, writes);
        assertEquals(200, applied.statusCode(), applied.body());

        assertEquals(200, getBlobStatus(alice, second));
        assertEquals(400, getBlobStatus(alice, first), "no record the batch left cites it");
        blobs.sweepAfter(PAST_EXPIRY);
        assertFalse(Files.exists(file(alice, first)));
        assertTrue(Files.exists(file(alice, second)));

        // a blob cited by a record that a later write replaces must still exist, as the reference requires
        ObjectNode ghost = second.deepCopy();
        ghost.putObject("ref").put("$link", Cid.ofRaw(blobs.png(3500)).toString());
        com.fasterxml.jackson.databind.node.ArrayNode cites = BlobFixture.JSON.createArrayNode();
        write(cites, "create", "ghostly", BlobFixture.record(ghost));
        write(cites, "delete", "ghostly", null);
        HttpResponse<String> refused = applyWrites(alice, cites);
        assertEquals(400, refused.statusCode(), refused.body());
        assertEquals("BlobNotFound", BlobFixture.errorName(refused));
    }

    private static void write(com.fasterxml.jackson.databind.node.ArrayNode writes, String action, String rkey, ObjectNode value) {
        ObjectNode w = writes.addObject().put("$type", "com.atproto.repo.applyWrites#" + action)
                .put("collection", BlobFixture.COLLECTION).put("rkey", rkey);
        if (value != null) {
            w.set("value", value);
        }
    }

    private static HttpResponse<String> applyWrites(TestServer.Session who, com.fasterxml.jackson.databind.node.ArrayNode writes)
            throws Exception {
        ObjectNode body = BlobFixture.JSON.createObjectNode().put("repo", who.did());
        body.set("writes", writes);
        return pds.postJson("/xrpc/com.atproto.repo.applyWrites", body.toString(), who.accessJwt());
    }

    @Test
    void aBlobStaysWhileAnyRecordReferencesIt() throws Exception {
        ObjectNode blob = blobs.uploaded(alice, blobs.png(3300), "image/png");
        blobs.holdInRecord(alice, "first-holder", blob);
        blobs.holdInRecord(alice, "second-holder", blob, blob);

        assertEquals(200, blobs.deleteRecord(alice, "first-holder").statusCode());
        blobs.sweepAfter(PAST_EXPIRY);
        assertEquals(200, getBlobStatus(alice, blob));

        assertEquals(200, blobs.deleteRecord(alice, "second-holder").statusCode());
        blobs.sweepAfter(NEXT_SWEEP);
        assertEquals(400, getBlobStatus(alice, blob));
    }

    @Test
    void unreferencedUploadExpiresAfterTheLifetimeOnly() throws Exception {
        byte[] bytes = blobs.png(2500);
        ObjectNode blob = blobs.uploaded(alice, bytes, "image/png");
        blobs.sweepAfter(Duration.ofMinutes(30));
        assertTrue(Files.exists(file(alice, blob)), "half an hour is within the lifetime");

        blobs.sweepAfter(PAST_EXPIRY);
        assertFalse(Files.exists(file(alice, blob)));
        HttpResponse<String> late = blobs.createRecord(alice, "too-late", BlobFixture.record(blob));
        assertEquals(400, late.statusCode());
        assertEquals("BlobNotFound", BlobFixture.errorName(late));

        // uploading it again brings it back
        assertEquals(blob, blobs.uploaded(alice, bytes, "image/png"));
        blobs.holdInRecord(alice, "in-time", blob);
        assertEquals(200, getBlobStatus(alice, blob));
    }

    @Test
    void recordCitingAnUnknownBlobIsRefusedWhole() throws Exception {
        byte[] never = blobs.png(1234);
        ObjectNode ghost = BlobFixture.JSON.createObjectNode();
        ghost.put("$type", "blob");
        ghost.putObject("ref").put("$link", Cid.ofRaw(never).toString());
        ghost.put("mimeType", "image/png");
        ghost.put("size", 1234);
        HttpResponse<String> response = blobs.createRecord(alice, "ghost", BlobFixture.record(ghost));
        assertEquals(400, response.statusCode());
        assertEquals("BlobNotFound", BlobFixture.errorName(response));
        assertEquals(400, pds.get("/xrpc/com.atproto.repo.getRecord?repo=" + alice.did() + "&collection="
                + BlobFixture.COLLECTION + "&rkey=ghost").statusCode(), "nothing was committed");
    }

    @Test
    void recordWithTheWrongTypeOrSizeIsRefused() throws Exception {
        ObjectNode blob = blobs.uploaded(alice, blobs.png(2222), "image/png");
        ObjectNode wrongType = blob.deepCopy();
        wrongType.put("mimeType", "image/jpeg");
        HttpResponse<String> type = blobs.createRecord(alice, "wrong-type", BlobFixture.record(wrongType));
        assertEquals(400, type.statusCode());
        assertEquals("InvalidMimeType", BlobFixture.errorName(type));

        ObjectNode wrongSize = blob.deepCopy();
        wrongSize.put("size", 2223);
        HttpResponse<String> size = blobs.createRecord(alice, "wrong-size", BlobFixture.record(wrongSize));
        assertEquals(400, size.statusCode());
        assertEquals("InvalidSize", BlobFixture.errorName(size));

        // one good blob and one bad: nothing is committed, the good one stays temporary
        ObjectNode good = blobs.uploaded(alice, blobs.png(2300), "image/png");
        HttpResponse<String> mixed = blobs.createRecord(alice, "mixed", BlobFixture.record(good, wrongSize));
        assertEquals(400, mixed.statusCode());
        assertEquals(400, getBlobStatus(alice, good));
    }

    @Test
    void someoneElsesBlobCannotBeCitedOrFetchedUnderYourDid() throws Exception {
        ObjectNode bobs = blobs.uploaded(bob, blobs.png(2600), "image/png");
        HttpResponse<String> cite = blobs.createRecord(alice, "borrowed", BlobFixture.record(bobs));
        assertEquals(400, cite.statusCode());
        assertEquals("BlobNotFound", BlobFixture.errorName(cite));

        blobs.holdInRecord(bob, "bobs-own", bobs);
        assertEquals(200, getBlobStatus(bob, bobs));
        assertEquals(400, getBlobStatus(alice, bobs));
    }
}
