package dev.pds.e2e.blob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pds.core.data.Cid;
import dev.pds.e2e.TestServer;
import dev.pds.server.PdsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** com.atproto.repo.uploadBlob: what is stored and answered, the size limit, and who may upload. */
class UploadBlobTest {
    private static final int LIMIT = 1024 * 1024;

    @TempDir
    static Path data;

    static TestServer pds;
    static BlobFixture blobs;
    static TestServer.Session alice;

    @BeforeAll
    static void start() throws Exception {
        pds = TestServer.start(data, Map.of("PDS_DEV_MODE", "true", "PDS_INVITE_REQUIRED", "false",
                "PDS_BLOB_UPLOAD_LIMIT", Integer.toString(LIMIT)), List.of(), List.of());
        blobs = new BlobFixture(pds);
        alice = pds.createAccount("alice");
    }

    @AfterAll
    static void stop() {
        pds.close();
    }

    @Test
    void smallUploadAnswersItsRawCidTypeAndSize() throws Exception {
        byte[] body = blobs.png(3000);
        HttpResponse<String> response = blobs.upload(alice.accessJwt(), body, "image/png");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode blob = BlobFixture.JSON.readTree(response.body()).get("blob");
        assertEquals("blob", blob.get("$type").asText());
        String cid = BlobFixture.cidOf(blob);
        assertEquals(Cid.ofRaw(body).toString(), cid);
        assertTrue(cid.startsWith("bafkrei"), cid);
        assertEquals("image/png", blob.get("mimeType").asText());
        assertEquals(3000, blob.get("size").asLong());
        assertEquals(4, blob.size(), "exactly $type, ref, mimeType and size: " + blob);
        Path file = pds.server.context().blobs().path(dev.pds.core.syntax.Did.parse(alice.did()), Cid.parse(cid));
        assertTrue(file.startsWith(data.resolve("blobs")), file.toString());
        assertTrue(java.util.Arrays.equals(body, Files.readAllBytes(file)));
    }

    @Test
    void typeIsSniffedFromTheBytesAndTheDeclaredTypeStandsOtherwise() throws Exception {
        byte[] jpeg = blobs.randomBytes(500);
        jpeg[0] = (byte) 0xFF;
        jpeg[1] = (byte) 0xD8;
        jpeg[2] = (byte) 0xFF;
        jpeg[3] = (byte) 0xE0;
        assertEquals("image/jpeg", blobs.uploaded(alice, jpeg, "text/plain").get("mimeType").asText());

        byte[] webp = blobs.randomBytes(500);
        System.arraycopy("RIFF".getBytes(StandardCharsets.US_ASCII), 0, webp, 0, 4);
        System.arraycopy("WEBP".getBytes(StandardCharsets.US_ASCII), 0, webp, 8, 4);
        assertEquals("image/webp", blobs.uploaded(alice, webp, "application/octet-stream").get("mimeType").asText());

        byte[] unknown = "just some text, nothing a sniffer knows".getBytes(StandardCharsets.UTF_8);
        assertEquals("text/plain", blobs.uploaded(alice, unknown, "text/plain; charset=utf-8").get("mimeType").asText());
        assertEquals("application/octet-stream", blobs.uploaded(alice, blobs.randomBytes(10), "*/*").get("mimeType").asText());
    }

    @Test
    void theSameBytesTwiceAreOneBlob() throws Exception {
        byte[] body = blobs.png(2000);
        JsonNode first = blobs.uploaded(alice, body, "image/png");
        JsonNode second = blobs.uploaded(alice, body, "image/png");
        assertEquals(first, second);
    }

    @Test
    void emptyBodyIsABlobToo() throws Exception {
        JsonNode blob = blobs.uploaded(alice, new byte[0], "application/octet-stream");
        assertEquals(0, blob.get("size").asLong());
        assertEquals(Cid.ofRaw(new byte[0]).toString(), BlobFixture.cidOf(blob));
    }

    @Test
    void uploadRightAtTheLimitIsTaken() throws Exception {
        byte[] body = blobs.randomBytes(LIMIT);
        JsonNode blob = blobs.uploaded(alice, body, "application/octet-stream");
        assertEquals(LIMIT, blob.get("size").asLong());
        assertEquals(Cid.ofRaw(body).toString(), BlobFixture.cidOf(blob));
    }

    @Test
    void oneByteOverTheLimitIs413AndLeavesNothingBehind() throws Exception {
        byte[] body = blobs.randomBytes(LIMIT + 1);
        HttpResponse<String> response = blobs.upload(alice.accessJwt(), body, "application/octet-stream");
        assertEquals(413, response.statusCode());
        assertEquals("PayloadTooLarge", BlobFixture.errorName(response));
        assertFalse(Files.exists(pds.server.context().blobs().path(
                dev.pds.core.syntax.Did.parse(alice.did()), Cid.ofRaw(body))));
        try (Stream<Path> left = Files.list(data.resolve(PdsServer.UPLOADS_FOLDER))) {
            assertEquals(0, left.count());
        }
    }

    @Test
    void hugeDeclaredLengthIsRefusedBeforeTheBodyIsSent() throws Exception {
        try (Socket socket = new Socket(pds.server.address().getAddress(), pds.server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /xrpc/com.atproto.repo.uploadBlob HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + alice.accessJwt() + "\r\nContent-Type: video/mp4\r\n"
                    + "Content-Length: 5000000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 413", head);
        }
    }

    @Test
    void authIsRequired() throws Exception {
        HttpResponse<String> none = blobs.upload(null, blobs.randomBytes(100), "image/png");
        assertEquals(401, none.statusCode());
        assertEquals("AuthMissing", BlobFixture.errorName(none));

        HttpResponse<String> bad = blobs.upload("not-a-token", blobs.randomBytes(100), "image/png");
        assertEquals(400, bad.statusCode());
        assertEquals("InvalidToken", BlobFixture.errorName(bad));
    }

    /**
     * Sends an upload's head and the first part of its body, then waits for the answer without
     * sending the rest: only a refusal made before the body is stored comes back.
     */
    String answerWithTheBodyHalfSent(String authorizationLine) throws IOException {
        try (Socket socket = new Socket(pds.server.address().getAddress(), pds.server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /xrpc/com.atproto.repo.uploadBlob HTTP/1.1\r\nHost: localhost\r\n" + authorizationLine
                    + "Content-Type: application/octet-stream\r\nContent-Length: " + (LIMIT - 1) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[LIMIT / 2]);
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] answer = new byte[4096];
            int n = in.read(answer);
            try (Stream<Path> spooled = Files.list(data.resolve(PdsServer.UPLOADS_FOLDER))) {
                assertEquals(0, spooled.count(), "nothing of a refused upload is kept");
            }
            return n < 0 ? "" : new String(answer, 0, n, StandardCharsets.US_ASCII);
        }
    }

    @Test
    void callersWithoutGenuineCredentialsAreRefusedBeforeTheirBodyIsStored() throws Exception {
        String none = answerWithTheBodyHalfSent("");
        assertTrue(none.startsWith("HTTP/1.1 401"), none);
        assertTrue(none.contains("AuthMissing"), none);

        String forged = alice.accessJwt().substring(0, alice.accessJwt().length() - 2) + "xx";
        String bad = answerWithTheBodyHalfSent("Authorization: Bearer " + forged + "\r\n");
        assertTrue(bad.startsWith("HTTP/1.1 400"), bad);
        assertTrue(bad.contains("InvalidToken"), bad);

        String refresh = answerWithTheBodyHalfSent("Authorization: Bearer " + alice.refreshJwt() + "\r\n");
        assertTrue(refresh.startsWith("HTTP/1.1 400"), refresh);
        assertTrue(refresh.contains("InvalidToken"), refresh);

        String dpop = answerWithTheBodyHalfSent("Authorization: DPoP not-an-oauth-token\r\n");
        assertTrue(dpop.startsWith("HTTP/1.1 401"), dpop);
        assertTrue(dpop.contains("invalid_token") && dpop.contains("WWW-Authenticate: DPoP"), dpop);

        // the account's own service JWT, but for another method: refused without the DID document
        String forCreate = BlobFixture.JSON.readTree(pds.get("/xrpc/com.atproto.server.getServiceAuth?aud="
                + pds.server.context().config().serviceDid() + "&lxm=com.atproto.repo.createRecord", alice.accessJwt()).body())
                .get("token").asText();
        String service = answerWithTheBodyHalfSent("Authorization: Bearer " + forCreate + "\r\n");
        assertTrue(service.startsWith("HTTP/1.1 401"), service);
        assertTrue(service.contains("BadJwtLexiconMethod"), service);
    }

    @Test
    void aRefusedCallerWhoExpectsContinueIsNotAskedForTheBody() throws Exception {
        try (Socket socket = new Socket(pds.server.address().getAddress(), pds.server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /xrpc/com.atproto.repo.uploadBlob HTTP/1.1\r\nHost: localhost\r\nExpect: 100-continue\r\n"
                    + "Content-Type: image/png\r\nContent-Length: 1000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String head = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 401", head);
        }
        // the connection pool and the server are fine afterwards
        assertEquals(200, blobs.upload(alice.accessJwt(), blobs.randomBytes(100), "image/png").statusCode());
    }

    @Test
    void aGenuineTokenOfAnEndedSessionIsRefusedOnceTheBodyIsIn() throws Exception {
        TestServer.Session bob = pds.createAccount("bob");
        HttpResponse<String> out = pds.http.send(pds.request("/xrpc/com.atproto.server.deleteSession")
                .header("Authorization", "Bearer " + bob.refreshJwt())
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, out.statusCode(), out.body());
        HttpResponse<String> late = blobs.upload(bob.accessJwt(), blobs.randomBytes(1000), "image/png");
        assertEquals(400, late.statusCode());
        assertEquals("ExpiredToken", BlobFixture.errorName(late));
        try (Stream<Path> left = Files.list(data.resolve(PdsServer.UPLOADS_FOLDER))) {
            assertEquals(0, left.count());
        }
    }

    @Test
    void contentTypeIsRequired() throws Exception {
        HttpResponse<String> response = blobs.upload(alice.accessJwt(), blobs.randomBytes(100), null);
        assertEquals(400, response.statusCode());
        assertEquals("InvalidRequest", BlobFixture.errorName(response));
        assertTrue(response.body().contains("Content-Type"), response.body());
    }

    @Test
    void getIsTheWrongVerb() throws Exception {
        HttpResponse<String> response = pds.get("/xrpc/com.atproto.repo.uploadBlob", alice.accessJwt());
        assertEquals(400, response.statusCode());
        assertEquals("InvalidRequest", BlobFixture.errorName(response));
    }

    @Test
    void anUploadIsNotServedUntilARecordTakesIt() throws Exception {
        JsonNode blob = blobs.uploaded(alice, blobs.png(1000), "image/png");
        HttpResponse<byte[]> response = blobs.getBlob(alice.did(), BlobFixture.cidOf(blob));
        assertEquals(400, response.statusCode());
        assertEquals("InvalidRequest", BlobFixture.errorName(response));
    }
}
