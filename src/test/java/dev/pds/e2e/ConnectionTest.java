package dev.pds.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connection-level limits: idle connections are let go, malformed requests are refused. */
class ConnectionTest {
    @TempDir
    Path data;

    @Test
    void idleConnectionIsClosedAfterTheTimeout() throws Exception {
        try (TestServer pds = TestServer.start(data, Map.of("PDS_IDLE_TIMEOUT_SECONDS", "1"), List.of(), List.of());
                RawHttp connection = new RawHttp(pds.server.address())) {
            connection.send("GET", "/xrpc/_health", "");
            assertEquals(200, connection.read().status());
            // blocks until the server closes (the socket's own read timeout is far longer)
            assertTrue(connection.closedByServer());
        }
    }

    @Test
    void overlongRequestLineIsRefused() throws Exception {
        try (TestServer pds = TestServer.start(data);
                RawHttp connection = new RawHttp(pds.server.address())) {
            connection.send("GET", "/xrpc/com.atproto.server.describeServer?x=" + "a".repeat(10_000), "");
            RawHttp.Response response = connection.read();
            assertEquals(400, response.status());
            assertEquals("{\"error\":\"InvalidRequest\",\"message\":\"Malformed HTTP request\"}", response.body());
            assertTrue(connection.closedByServer());
        }
    }

    @Test
    void oversizedHeadersAreRefused() throws Exception {
        try (TestServer pds = TestServer.start(data);
                RawHttp connection = new RawHttp(pds.server.address())) {
            connection.send("GET", "/xrpc/_health", "X-Filler: " + "b".repeat(20_000) + "\r\n");
            RawHttp.Response response = connection.read();
            assertEquals(400, response.status());
            assertTrue(connection.closedByServer());
        }
    }
}
