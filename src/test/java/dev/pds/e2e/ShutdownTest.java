package dev.pds.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Graceful shutdown: stop accepting, finish what is in progress, then let go of everything. */
class ShutdownTest {
    @TempDir
    Path data;

    @Test
    void inFlightRequestFinishesWhileNewConnectionsAreRefused() throws Exception {
        TestMethods.Block block = new TestMethods.Block();
        TestServer pds = TestServer.start(data, Map.of("PDS_SHUTDOWN_TIMEOUT_SECONDS", "60"),
                List.of(TestMethods.BLOCK_LEXICON), List.of(block));
        InetSocketAddress address = pds.server.address();

        CompletableFuture<HttpResponse<String>> inFlight = pds.http.sendAsync(
                pds.request("/xrpc/dev.pds.test.block").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(block.entered.await(30, TimeUnit.SECONDS), "the request never reached its handler");

        try (RawHttp idle = new RawHttp(address)) {
            idle.send("GET", "/xrpc/_health", "");
            assertEquals(200, idle.read().status());

            CompletableFuture<Void> closing = CompletableFuture.runAsync(pds::close);

            assertTrue(idle.closedByServer(), "an idle keep-alive connection is closed at shutdown");
            awaitRefused(address);
            assertFalse(closing.isDone(), "close() returned while a request was still in progress");
            assertFalse(inFlight.isDone());

            block.release.countDown();
            HttpResponse<String> response = inFlight.get(30, TimeUnit.SECONDS);
            assertEquals(200, response.statusCode());
            assertEquals("{\"finished\":true}", response.body());
            closing.get(30, TimeUnit.SECONDS);
        }
        assertThrows(ConnectException.class, () -> new Socket(address.getAddress(), address.getPort()).close());
    }

    @Test
    void closeWithNothingInProgressIsPromptAndRepeatable() throws Exception {
        TestServer pds = TestServer.start(data);
        InetSocketAddress address = pds.server.address();
        assertEquals(200, pds.get("/xrpc/_health").statusCode());

        CompletableFuture.runAsync(pds::close).get(30, TimeUnit.SECONDS);
        pds.close();

        assertThrows(ConnectException.class, () -> new Socket(address.getAddress(), address.getPort()).close());
    }

    @Test
    void shutdownTimeoutBoundsTheWait() throws Exception {
        TestMethods.Block block = new TestMethods.Block();
        TestServer pds = TestServer.start(data, Map.of("PDS_SHUTDOWN_TIMEOUT_SECONDS", "1"),
                List.of(TestMethods.BLOCK_LEXICON), List.of(block));
        try {
            pds.http.sendAsync(pds.request("/xrpc/dev.pds.test.block").GET().build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(block.entered.await(30, TimeUnit.SECONDS));

            // the stuck request does not hold the shutdown hostage
            CompletableFuture.runAsync(pds::close).get(30, TimeUnit.SECONDS);
        } finally {
            block.release.countDown();
        }
    }

    /** Waits (bounded) until the listening socket is gone; connecting is how a client would find out. */
    private static void awaitRefused(InetSocketAddress address) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Socket probe = new Socket(address.getAddress(), address.getPort())) {
                Thread.sleep(20);
            } catch (IOException refused) {
                return;
            }
        }
        throw new AssertionError("the server kept accepting connections during shutdown");
    }
}
