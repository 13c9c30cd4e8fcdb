package dev.pds.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pds.server.PdsServer;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bodies too large to hold in memory: uploads of streaming methods spooled to temporary files
 * with their limit checked up front and while reading, and answers sent from files or produced
 * while they are sent.
 */
class StreamedBodiesTest {
    private static final int LIMIT = 256 * 1024;
    private static final int FILE_SIZE = 3 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path data;
    @TempDir
    static Path files;

    static TestServer pds;

    @BeforeAll
    static void start() throws IOException {
        Path source = files.resolve("pattern.bin");
        StreamingMethods.writePatternFile(source, FILE_SIZE);
        pds = TestServer.start(data, Map.of("PDS_INVITE_REQUIRED", "false"),
                List.of(StreamingMethods.SPOOL_LEXICON, StreamingMethods.DOWNLOAD_LEXICON),
                List.of(new StreamingMethods.Spool(LIMIT), new StreamingMethods.Download(source)));
    }

    @AfterAll
    static void stop() {
        pds.close();
    }

    private static HttpResponse<String> upload(byte[] body) throws Exception {
        return pds.http.send(pds.request("/xrpc/dev.pds.test.spool").header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static long spoolLeftovers() throws IOException {
        try (Stream<Path> left = Files.list(data.resolve(PdsServer.UPLOADS_FOLDER))) {
            return left.count();
        }
    }

    @Test
    void uploadReachesTheHandlerAsAFileAndIsDeletedAfter() throws Exception {
        byte[] body = StreamingMethods.pattern(100_000);
        HttpResponse<String> response = upload(body);
        assertEquals(200, response.statusCode(), response.body());
        JsonNode answer = JSON.readTree(response.body());
        assertEquals(100_000, answer.get("size").asLong());
        assertEquals(100_000, answer.get("read").asLong());
        assertEquals(sha256(body), answer.get("sha256").asText());
        assertTrue(answer.get("spooled").asBoolean());
        assertEquals(0, spoolLeftovers());
    }

    @Test
    void emptyAndExactlyAtTheLimitAreAccepted() throws Exception {
        HttpResponse<String> empty = upload(new byte[0]);
        assertEquals(200, empty.statusCode(), empty.body());
        assertEquals(0, JSON.readTree(empty.body()).get("size").asLong());

        byte[] full = StreamingMethods.pattern(LIMIT);
        HttpResponse<String> atLimit = upload(full);
        assertEquals(200, atLimit.statusCode(), atLimit.body());
        assertEquals(sha256(full), JSON.readTree(atLimit.body()).get("sha256").asText());
    }

    @Test
    void oneByteOverTheLimitIsRefusedAndTheConnectionStaysUsable() throws Exception {
        try (RawHttp connection = new RawHttp(pds.server.address())) {
            connection.send("POST", "/xrpc/dev.pds.test.spool", "Content-Type: image/png\r\nContent-Length: " + (LIMIT + 1) + "\r\n");
            connection.write(new byte[LIMIT + 1]);
            RawHttp.Response refused = connection.read();
            assertEquals(413, refused.status());
            assertTrue(refused.body().startsWith("{\"error\":\"PayloadTooLarge\""), refused.body());

            connection.send("GET", "/xrpc/_health", "");
            assertEquals(200, connection.read().status());
        }
        assertEquals(0, spoolLeftovers());
    }

    @Test
    void declaredLengthOverTheLimitIsRefusedBeforeAnyBodyIsSent() throws Exception {
        try (RawHttp connection = new RawHttp(pds.server.address())) {
            connection.send("POST", "/xrpc/dev.pds.test.spool", "Content-Type: image/png\r\nContent-Length: 1000000000\r\n");
            RawHttp.Response refused = connection.read();
            assertEquals(413, refused.status());
            assertTrue(refused.body().contains("PayloadTooLarge"), refused.body());
        }
    }

    @Test
    void expectContinueOverTheLimitGetsNoContinueAndKeepsTheConnection() throws Exception {
        try (RawHttp connection = new RawHttp(pds.server.address())) {
            connection.send("POST", "/xrpc/dev.pds.test.spool",
                    "Content-Type: image/png\r\nExpect: 100-continue\r\nContent-Length: 1000000000\r\n");
            RawHttp.Response refused = connection.read();
            assertEquals(413, refused.status());

            connection.send("GET", "/xrpc/_health", "");
            assertEquals(200, connection.read().status());
        }
    }

    @Test
    void expectContinueWithinTheLimitIsAskedToContinue() throws Exception {
        byte[] body = StreamingMethods.pattern(5000);
        try (RawHttp connection = new RawHttp(pds.server.address())) {
            connection.send("POST", "/xrpc/dev.pds.test.spool",
                    "Content-Type: image/png\r\nExpect: 100-continue\r\nContent-Length: 5000\r\n");
            assertEquals(100, connection.read().status());
            connection.write(body);
            RawHttp.Response answer = connection.read();
            assertEquals(200, answer.status(), answer.body());
            assertEquals(sha256(body), JSON.readTree(answer.body()).get("sha256").asText());
        }
    }

    @Test
    void chunkedUploadIsCountedWhileStreaming() throws Exception {
        byte[] small = StreamingMethods.pattern(40_000);
        try (RawHttp connection = new RawHttp(pds.server.address())) {
            connection.send("POST", "/xrpc/dev.pds.test.spool", "Content-Type: image/png\r\nTransfer-Encoding: chunked\r\n");
            connection.write(chunked(small, 7000));
            RawHttp.Response answer = connection.read();
            assertEquals(200, answer.status(), answer.body());
            assertEquals(sha256(small), JSON.readTree(answer.body()).get("sha256").asText());

            // no length announced: the limit is found while the chunks arrive
            connection.send("POST", "/xrpc/dev.pds.test.spool", "Content-Type: image/png\r\nTransfer-Encoding: chunked\r\n");
            connection.write(chunked(new byte[LIMIT + 5000], 8000));
            RawHttp.Response refused = connection.read();
            assertEquals(413, refused.status());
            assertTrue(refused.body().contains("PayloadTooLarge"), refused.body());

            connection.send("GET", "/xrpc/_health", "");
            assertEquals(200, connection.read().status());
        }
        assertEquals(0, spoolLeftovers());
    }

    @Test
    void uploadCutShortLeavesNoFileBehind() throws Exception {
        try (RawHttp connection = new RawHttp(pds.server.address())) {
            connection.send("POST", "/xrpc/dev.pds.test.spool", "Content-Type: image/png\r\nContent-Length: 100000\r\n");
            connection.write(new byte[30_000]);
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (spoolLeftovers() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, spoolLeftovers());
    }

    @Test
    void otherMethodsStillTakeTheirBodiesInMemory() throws Exception {
        // describeServer takes no body: the spooler leaves it to the usual checks
        HttpResponse<String> response = pds.http.send(pds.request("/xrpc/com.atproto.server.describeServer")
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, response.statusCode());
    }

    @Test
    void fileAnswerIsSentWhole() throws Exception {
        HttpResponse<byte[]> response = download("file", FILE_SIZE);
        assertEquals(200, response.statusCode());
        assertEquals(String.valueOf(FILE_SIZE), response.headers().firstValue("content-length").orElseThrow());
        assertEquals("file", response.headers().firstValue("x-kind").orElseThrow());
        assertEquals("application/octet-stream", response.headers().firstValue("content-type").orElseThrow());
        assertEquals("*", response.headers().firstValue("access-control-allow-origin").orElseThrow());
        assertArrayEquals(StreamingMethods.pattern(FILE_SIZE), response.body());
    }

    @Test
    void streamedAnswersOfKnownAndUnknownLength() throws Exception {
        int size = 2 * 1024 * 1024 + 17;
        HttpResponse<byte[]> known = download("stream", size);
        assertEquals(200, known.statusCode());
        assertEquals(String.valueOf(size), known.headers().firstValue("content-length").orElseThrow());
        assertArrayEquals(StreamingMethods.pattern(size), known.body());

        HttpResponse<byte[]> unknown = download("chunked", size);
        assertEquals(200, unknown.statusCode());
        assertEquals("chunked", unknown.headers().firstValue("transfer-encoding").orElseThrow());
        assertFalse(unknown.headers().firstValue("content-length").isPresent());
        assertArrayEquals(StreamingMethods.pattern(size), unknown.body());

        HttpResponse<byte[]> empty = download("chunked", 0);
        assertEquals(0, empty.body().length);
    }

    @Test
    void producerFailureCutsTheConnection() throws Exception {
        assertThrows(IOException.class, () -> download("broken", 1_000_000));
        // the server is fine afterwards
        assertEquals(200, pds.get("/xrpc/_health").statusCode());
    }

    @Test
    void severalAnswersInARowOnOneConnection() throws Exception {
        try (RawHttp connection = new RawHttp(pds.server.address())) {
            for (int i = 0; i < 3; i++) {
                connection.send("GET", "/xrpc/dev.pds.test.download?kind=file&size=" + (1000 + i), "");
                RawHttp.Response file = connection.read();
                assertEquals(200, file.status());
                assertEquals(String.valueOf(1000 + i), file.headers().get("content-length"));
                connection.send("GET", "/xrpc/dev.pds.test.download?kind=stream&size=5000", "");
                assertEquals("5000", connection.read().headers().get("content-length"));
            }
        }
    }

    private static HttpResponse<byte[]> download(String kind, int size) throws Exception {
        return pds.http.send(pds.request("/xrpc/dev.pds.test.download?kind=" + kind + "&size=" + size).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] chunked(byte[] body, int chunk) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int off = 0; off < body.length; off += chunk) {
            int n = Math.min(chunk, body.length - off);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, off, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
