package dev.pds.e2e.blob;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.e2e.TestServer;
import dev.pds.server.blob.BlobSweeper;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;

/**
 * Helpers shared by the blob suites: uploads, records that reference blobs (in a collection
 * without a lexicon, so any blob passes validation), getBlob calls, and sweeps of the server's
 * blob store at a chosen time (so expiry needs no waiting).
 */
final class BlobFixture {
    static final String COLLECTION = "dev.pds.test.holder";
    static final ObjectMapper JSON = new ObjectMapper();
    /** A PNG signature and header chunk: enough for the sniffer to say image/png. */
    static final byte[] PNG_HEAD = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};

    private final TestServer pds;
    private final Random random = new Random(42);

    BlobFixture(TestServer pds) {
        this.pds = pds;
    }

    /** {@code size} bytes no other call returns (so every blob is new). */
    byte[] randomBytes(int size) {
        byte[] out = new byte[size];
        random.nextBytes(out);
        return out;
    }

    /** A "PNG": the signature, then random bytes, {@code size} in all. */
    byte[] png(int size) {
        byte[] out = randomBytes(size);
        System.arraycopy(PNG_HEAD, 0, out, 0, PNG_HEAD.length);
        return out;
    }

    HttpResponse<String> upload(String token, byte[] body, String contentType) throws IOException, InterruptedException {
        HttpRequest.Builder b = pds.request("/xrpc/com.atproto.repo.uploadBlob")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return pds.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Uploads and returns the {@code blob} object of the answer, failing on anything but 200. */
    ObjectNode uploaded(TestServer.Session who, byte[] body, String contentType) throws IOException, InterruptedException {
        HttpResponse<String> r = upload(who.accessJwt(), body, contentType);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("upload failed: " + r.statusCode() + " " + r.body());
        }
        return (ObjectNode) JSON.readTree(r.body()).get("blob");
    }

    static String cidOf(JsonNode blob) {
        return blob.get("ref").get("$link").asText();
    }

    /** A record of {@link #COLLECTION} holding the given blob objects. */
    static ObjectNode record(JsonNode... blobs) {
        ObjectNode record = JSON.createObjectNode();
        record.put("$type", COLLECTION);
        record.put("createdAt", Instant.now().toString());
        ArrayNode files = record.putArray("files");
        Arrays.stream(blobs).forEach(files::add);
        return record;
    }

    HttpResponse<String> createRecord(TestServer.Session who, String rkey, ObjectNode record)
            throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        body.put("repo", who.did());
        body.put("collection", COLLECTION);
        body.put("rkey", rkey);
        body.set("record", record);
        return pds.postJson("/xrpc/com.atproto.repo.createRecord", body.toString(), who.accessJwt());
    }

    HttpResponse<String> putRecord(TestServer.Session who, String rkey, ObjectNode record)
            throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        body.put("repo", who.did());
        body.put("collection", COLLECTION);
        body.put("rkey", rkey);
        body.set("record", record);
        return pds.postJson("/xrpc/com.atproto.repo.putRecord", body.toString(), who.accessJwt());
    }

    HttpResponse<String> deleteRecord(TestServer.Session who, String rkey) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        body.put("repo", who.did());
        body.put("collection", COLLECTION);
        body.put("rkey", rkey);
        return pds.postJson("/xrpc/com.atproto.repo.deleteRecord", body.toString(), who.accessJwt());
    }

    /** Creates a record holding the blobs, failing on anything but 200; returns the commit rev. */
    String holdInRecord(TestServer.Session who, String rkey, JsonNode... blobs) throws IOException, InterruptedException {
        HttpResponse<String> r = createRecord(who, rkey, record(blobs));
        if (r.statusCode() != 200) {
            throw new IllegalStateException("createRecord failed: " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body()).get("commit").get("rev").asText();
    }

    HttpResponse<byte[]> getBlob(String did, String cid, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = pds.request("/xrpc/com.atproto.sync.getBlob?did=" + did + "&cid=" + cid).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return pds.http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Runs the blob sweeper as if it were {@code later} from now. */
    BlobSweeper.Result sweepAfter(java.time.Duration later) {
        return pds.server.context().blobs().sweep(Instant.now().plus(later));
    }

    static String errorName(HttpResponse<?> response) throws IOException {
        Object body = response.body();
        String text = body instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8) : (String) body;
        return JSON.readTree(text).get("error").asText();
    }
}
