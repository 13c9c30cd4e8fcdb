package dev.pds.server.plc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import dev.pds.core.error.ErrorStatus;
import dev.pds.core.error.XrpcException;
import dev.pds.core.plc.PlcChain;
import dev.pds.core.plc.PlcDids;
import dev.pds.core.plc.PlcException;
import dev.pds.core.plc.PlcOperation;
import dev.pds.core.plc.PlcSignatures;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link PlcClient} against the embedded directory over loopback HTTP, and against broken directories. */
class PlcClientTest {

    @Test
    void talksToTheEmbeddedDirectoryLikeToTheInProcessOne() throws IOException {
        try (PlcDirectoryServer server = PlcDirectoryServer.start(PlcDirectory.inMemory(Clock.systemUTC()), 0)) {
            PlcClient client = new PlcClient(server.url());
            PlcOperation genesis = PlcDirectoryTest.genesis();
            String did = PlcDids.didFor(genesis).toString();
            client.submit(did, genesis);
            PlcOperation update = PlcSignatures.sign(((PlcOperation) client.getLastOp(did))
                    .asNextAfter(client.getLastOp(did).cid().toString()).withHandle("carol.test"), PlcDirectoryTest.PDS_ROTATION);
            client.submit(did, update);
            assertEquals(server.directory().getData(did), client.getData(did));
            assertEquals(server.directory().getDocument(did), client.getDocument(did));
            assertEquals(List.of(genesis, update), client.getLog(did));
            assertEquals(server.directory().getAuditLog(did), client.getAuditLog(did));
            assertEquals("carol.test", PlcChain.verifyAuditLog(did, client.getAuditLog(did)).handle());

            PlcException refused = assertThrows(PlcException.class, () -> client.submit(did, genesis));
            assertEquals("Operations not correctly ordered", refused.getMessage());
            XrpcException missing = assertThrows(XrpcException.class, () -> client.getData("did:plc:aaaaaaaaaaaaaaaaaaaaaaaa"));
            assertEquals(ErrorStatus.NOT_FOUND, missing.status());
            assertEquals("DID not registered: did:plc:aaaaaaaaaaaaaaaaaaaaaaaa", missing.getMessage());
        }
    }

    @Test
    void unreachableDirectoryIsUpstreamFailure() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        PlcClient client = new PlcClient("http://127.0.0.1:" + port);
        XrpcException e = assertThrows(XrpcException.class, () -> client.getData("did:plc:aaaaaaaaaaaaaaaaaaaaaaaa"));
        assertEquals(ErrorStatus.UPSTREAM_FAILURE, e.status());
        assertEquals("UpstreamFailure", e.error());
    }

    @Test
    void silentDirectoryIsUpstreamTimeout() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    held.add(s.accept()); // accept, never answer
                } catch (IOException ignored) {
                    // closed by the test
                }
            });
            acceptor.start();
            PlcClient client = new PlcClient("http://127.0.0.1:" + s.getLocalPort(), Duration.ofSeconds(2),
                    Duration.ofMillis(300));
            XrpcException e = assertThrows(XrpcException.class, () -> client.getData("did:plc:aaaaaaaaaaaaaaaaaaaaaaaa"));
            assertEquals(ErrorStatus.UPSTREAM_TIMEOUT, e.status());
            assertEquals("UpstreamTimeout", e.error());
            s.close();
            acceptor.join(2000);
            for (Socket h : held) {
                h.close();
            }
        }
    }

    @Test
    void garbageAnswersAreUpstreamFailures() throws IOException {
        HttpServer bad = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        bad.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            int status = path.endsWith("/log") || ex.getRequestMethod().equals("POST") ? 503 : 200;
            byte[] body = (path.endsWith("/data") ? "{\"did\":5}" : path.endsWith("/log/last") ? "not json" : "[1]")
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        bad.start();
        try {
            PlcClient client = new PlcClient("http://127.0.0.1:" + bad.getAddress().getPort());
            String did = "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa";
            for (Runnable call : List.<Runnable>of(() -> client.getData(did), () -> client.getLastOp(did),
                    () -> client.getLog(did), () -> client.getAuditLog(did), () -> client.getDocument(did),
                    () -> client.submit(did, PlcDirectoryTest.genesis()))) {
                XrpcException e = assertThrows(XrpcException.class, call::run);
                assertEquals(ErrorStatus.UPSTREAM_FAILURE, e.status(), e.getMessage());
            }
        } finally {
            bad.stop(0);
        }
    }

    @Test
    void refusesNonHttpUrls() {
        assertThrows(IllegalArgumentException.class, () -> new PlcClient("ftp://plc.example"));
    }
}
