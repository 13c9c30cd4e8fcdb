package dev.pds.e2e.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pds.e2e.TestServer;
import dev.pds.server.PdsVersion;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a durable write fails the store takes no more writes (later commits may build on the
 * failed one), the health check says so with 503 for a supervisor to act on, and a restart
 * serves everything that was acknowledged before and takes writes again.
 */
class StoreFailureTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    private static HttpResponse<String> createPost(TestServer pds, TestServer.Session who, String rkey) throws Exception {
        return pds.postJson("/xrpc/com.atproto.repo.createRecord", "{\"repo\":\"" + who.did()
                + "\",\"collection\":\"app.bsky.feed.post\",\"rkey\":\"" + rkey + "\",\"record\":{\"$type\":\"app.bsky.feed.post\","
                + "\"text\":\"" + rkey + "\",\"createdAt\":\"2024-01-01T00:00:00.000Z\"}}", who.accessJwt());
    }

    @Test
    void aFailedWriteTurnsTheHealthCheckTo503UntilARestart() throws Exception {
        TestServer.Session alice;
        try (TestServer pds = TestServer.start(data)) {
            alice = pds.createAccount("alice");
            assertEquals(200, createPost(pds, alice, "3kaaaaaaaaaa2").statusCode());
            assertEquals(200, pds.get("/xrpc/_health").statusCode());

            // an event whose frame cannot be built fails its group, as a failed RocksDB write would
            CompletionException failed = assertThrows(CompletionException.class, () -> pds.server.context().store()
                    .logEvents(List.of(seq -> {
                        throw new IllegalStateException("injected frame failure");
                    })).join());
            assertTrue(String.valueOf(failed.getCause()).contains("injected frame failure"), String.valueOf(failed));

            HttpResponse<String> health = pds.get("/xrpc/_health");
            assertEquals(503, health.statusCode(), health.body());
            assertEquals(JSON.createObjectNode().put("version", PdsVersion.get()).put("error", "Service Unavailable"),
                    JSON.readTree(health.body()));
            HttpResponse<String> refused = createPost(pds, alice, "3kaaaaaaaaaa3");
            assertEquals(500, refused.statusCode(), refused.body());
            assertEquals("InternalServerError", JSON.readTree(refused.body()).get("error").asText());
            // reads go on
            assertEquals(200, pds.get("/xrpc/com.atproto.repo.getRecord?repo=" + alice.did()
                    + "&collection=app.bsky.feed.post&rkey=3kaaaaaaaaaa2").statusCode());
        }
        try (TestServer pds = TestServer.start(data)) {
            assertEquals(200, pds.get("/xrpc/_health").statusCode());
            JsonNode listed = JSON.readTree(pds.get("/xrpc/com.atproto.repo.listRecords?repo=" + alice.did()
                    + "&collection=app.bsky.feed.post").body());
            assertEquals(1, listed.get("records").size(), listed.toString());
            // the session from before the restart still holds
            HttpResponse<String> created = createPost(pds, alice, "3kaaaaaaaaaa3");
            assertEquals(200, created.statusCode(), created.body());
        }
    }
}
