package dev.pds.server.firehose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** requestCrawl against a small relay stand-in on a loopback port (the JDK's HTTP server). */
class CrawlerNotifierTest {
    @Test
    void asksEachRelayAtStartupThenAtMostOncePerIntervalWithoutLosingActivity() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        HttpServer relay = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        relay.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type") + " " + body);
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        relay.start();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            String base = "http://127.0.0.1:" + relay.getAddress().getPort();
            CrawlerNotifier n = new CrawlerNotifier(List.of(base + "/", base + "/second"), "pds.example.com",
                    Duration.ofSeconds(2), Clock.systemUTC());
            long t0 = System.nanoTime();
            n.start(timer);
            Set<String> round = Set.of(
                    "POST /xrpc/com.atproto.sync.requestCrawl application/json {\"hostname\":\"pds.example.com\"}",
                    "POST /second/xrpc/com.atproto.sync.requestCrawl application/json {\"hostname\":\"pds.example.com\"}");
            assertEquals(round, Set.of(received.poll(10, TimeUnit.SECONDS), received.poll(10, TimeUnit.SECONDS)));
            // a burst of activity inside the interval: one more round, once the interval since the first has passed
            for (int i = 0; i < 20; i++) {
                n.notifyOfUpdate();
            }
            assertEquals(round, Set.of(received.poll(10, TimeUnit.SECONDS), received.poll(10, TimeUnit.SECONDS)));
            assertTrue(System.nanoTime() - t0 >= TimeUnit.SECONDS.toNanos(2), "waited for the interval");
            assertEquals(null, received.poll(2_500, TimeUnit.MILLISECONDS), "one round for the whole burst");
            assertEquals(4, n.requestsSent());
        } finally {
            timer.shutdownNow();
            relay.stop(0);
        }
    }

    @Test
    void refusesEntriesThatAreNotHttpUrls() {
        for (String bad : List.of("bsky.network", "ftp://relay.example", "http://", "http:///x", "not a url",
                "https://relay.example/?q=1")) {
            assertThrows(IllegalArgumentException.class, () -> CrawlerNotifier.endpoint(bad), bad);
        }
        assertEquals("https://bsky.network/xrpc/com.atproto.sync.requestCrawl",
                CrawlerNotifier.endpoint("https://bsky.network").toString());
    }
}
