package dev.pds.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When every worker is busy and the queue is full, callers hear 503 at once instead of waiting. */
class BackpressureTest {
    @TempDir
    Path data;

    @Test
    void fullWorkQueueAnswersNotEnoughResources() throws Exception {
        TestMethods.Block block = new TestMethods.Block();
        try (TestServer pds = TestServer.start(data, Map.of("PDS_WORKER_THREADS", "1", "PDS_WORKER_QUEUE", "1"),
                List.of(TestMethods.BLOCK_LEXICON), List.of(block))) {
            try {
                CompletableFuture<HttpResponse<String>> first = send(pds);
                assertTrue(block.entered.await(30, TimeUnit.SECONDS));

                // one of these waits in the queue, the other finds it full
                CompletableFuture<HttpResponse<String>> second = send(pds);
                CompletableFuture<HttpResponse<String>> third = send(pds);
                CompletableFuture.anyOf(second, third).get(30, TimeUnit.SECONDS);
                HttpResponse<String> refused = second.isDone() ? second.join() : third.join();
                CompletableFuture<HttpResponse<String>> queued = second.isDone() ? third : second;

                assertEquals(503, refused.statusCode());
                assertTrue(refused.body().startsWith("{\"error\":\"NotEnoughResources\",\"message\":"), refused.body());

                block.release.countDown();
                assertEquals(200, first.get(30, TimeUnit.SECONDS).statusCode());
                assertEquals(200, queued.get(30, TimeUnit.SECONDS).statusCode());
                // health does not use the workers, and the pool recovers
                assertEquals(200, pds.get("/xrpc/_health").statusCode());
            } finally {
                block.release.countDown();
            }
        }
    }

    private static CompletableFuture<HttpResponse<String>> send(TestServer pds) {
        return pds.http.sendAsync(pds.request("/xrpc/dev.pds.test.block").GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
