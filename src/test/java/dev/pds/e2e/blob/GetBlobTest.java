package dev.pds.e2e.blob;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.data.Cid;
import dev.pds.e2e.TestServer;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** com.atproto.sync.getBlob: the bytes, the headers that keep browsers safe, byte ranges, errors. */
class GetBlobTest {
    private static final int SIZE = 200_000;

    @TempDir
    static Path data;

    static TestServer pds;
    static BlobFixture blobs;
    static TestServer.Session alice;
    static byte[] bytes;
    static String cid;

    @BeforeAll
    static void start() throws Exception {
        pds = TestServer.start(data);
        blobs = new BlobFixture(pds);
        alice = pds.createAccount("alice");
        bytes = blobs.png(SIZE);
        ObjectNode blob = blobs.uploaded(alice, bytes, "image/png");
        cid = BlobFixture.cidOf(blob);
        blobs.holdInRecord(alice, "picture", blob);
    }

    @AfterAll
    static void stop() {
        pds.close();
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    @Test
    void wholeBlobWithSafeHeaders() throws Exception {
        HttpResponse<byte[]> response = blobs.getBlob(alice.did(), cid);
        assertEquals(200, response.statusCode());
        assertArrayEquals(bytes, response.body());
        HttpHeaders h = response.headers();
        assertEquals("image/png", header(response, "content-type"));
        assertEquals(String.valueOf(SIZE), header(response, "content-length"));
        assertEquals("nosniff", header(response, "x-content-type-options"));
        assertEquals("default-src 'none'; sandbox", header(response, "content-security-policy"));
        assertEquals("attachment; filename=\"" + cid + "\"", header(response, "content-disposition"));
        assertEquals("bytes", header(response, "accept-ranges"));
        assertEquals("\"" + cid + "\"", header(response, "etag"));
        assertTrue(h.firstValue("access-control-allow-origin").isPresent());
    }

    @Test
    void aRangeIsAnsweredWith206() throws Exception {
        HttpResponse<byte[]> first = blobs.getBlob(alice.did(), cid, "Range", "bytes=0-99");
        assertEquals(206, first.statusCode());
        assertEquals("bytes 0-99/" + SIZE, header(first, "content-range"));
        assertEquals("100", header(first, "content-length"));
        assertArrayEquals(Arrays.copyOfRange(bytes, 0, 100), first.body());

        HttpResponse<byte[]> middle = blobs.getBlob(alice.did(), cid, "Range", "bytes=150000-");
        assertEquals(206, middle.statusCode());
        assertEquals("bytes 150000-" + (SIZE - 1) + "/" + SIZE, header(middle, "content-range"));
        assertArrayEquals(Arrays.copyOfRange(bytes, 150_000, SIZE), middle.body());

        HttpResponse<byte[]> suffix = blobs.getBlob(alice.did(), cid, "Range", "bytes=-10");
        assertEquals(206, suffix.statusCode());
        assertArrayEquals(Arrays.copyOfRange(bytes, SIZE - 10, SIZE), suffix.body());

        HttpResponse<byte[]> pastEnd = blobs.getBlob(alice.did(), cid, "Range", "bytes=199990-300000");
        assertEquals(206, pastEnd.statusCode());
        assertEquals("bytes 199990-199999/" + SIZE, header(pastEnd, "content-range"));
        assertEquals("nosniff", header(pastEnd, "x-content-type-options"));
    }

    @Test
    void aRangeBeyondTheEndIs416() throws Exception {
        HttpResponse<byte[]> response = blobs.getBlob(alice.did(), cid, "Range", "bytes=" + SIZE + "-");
        assertEquals(416, response.statusCode());
        assertEquals("bytes */" + SIZE, header(response, "content-range"));
    }

    @Test
    void rangesWeDoNotServeGiveTheWholeBlob() throws Exception {
        for (String range : new String[] {"bytes=0-1,5-6", "lines=1-2", "bytes=9-3", "nonsense"}) {
            HttpResponse<byte[]> response = blobs.getBlob(alice.did(), cid, "Range", range);
            assertEquals(200, response.statusCode(), range);
            assertEquals(SIZE, response.body().length, range);
        }
        HttpResponse<byte[]> stale = blobs.getBlob(alice.did(), cid, "Range", "bytes=0-9", "If-Range", "\"other\"");
        assertEquals(200, stale.statusCode());
        HttpResponse<byte[]> fresh = blobs.getBlob(alice.did(), cid, "Range", "bytes=0-9", "If-Range", "\"" + cid + "\"");
        assertEquals(206, fresh.statusCode());
    }

    @Test
    void unknownBlobRepoAndBadParameters() throws Exception {
        HttpResponse<byte[]> unknown = blobs.getBlob(alice.did(), Cid.ofRaw(new byte[] {1, 2, 3}).toString());
        assertEquals(400, unknown.statusCode());
        assertEquals("InvalidRequest", BlobFixture.errorName(unknown));

        HttpResponse<byte[]> noRepo = blobs.getBlob("did:plc:aaaaaaaaaaaaaaaaaaaaaaaa", cid);
        assertEquals(400, noRepo.statusCode());
        assertEquals("RepoNotFound", BlobFixture.errorName(noRepo));

        HttpResponse<byte[]> badCid = blobs.getBlob(alice.did(), "not-a-cid");
        assertEquals(400, badCid.statusCode());
        assertEquals("InvalidRequest", BlobFixture.errorName(badCid));

        HttpResponse<String> missing = pds.get("/xrpc/com.atproto.sync.getBlob?did=" + alice.did());
        assertEquals(400, missing.statusCode());
        assertEquals("InvalidRequest", BlobFixture.errorName(missing));
    }

    @Test
    void servedWithoutAuthAndWithIt() throws Exception {
        HttpResponse<String> withToken = pds.get("/xrpc/com.atproto.sync.getBlob?did=" + alice.did() + "&cid=" + cid,
                alice.accessJwt());
        assertEquals(200, withToken.statusCode());
    }
}
