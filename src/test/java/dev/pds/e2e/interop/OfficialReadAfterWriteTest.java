package dev.pds.e2e.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.pds.e2e.TestServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official client reads its own writes through our PDS while the app view lags
 * (src/test/interop/api/read-after-write.mjs): a stand-in app view answers timeline, author
 * feed, threads and profiles from the rev the script froze it at, and the PDS puts the newer
 * posts and profile in. AtpAgent checks each answer against its lexicons, so every view the PDS
 * builds (posts with image, quote and reply, threads, profiles) must be valid.
 */
class OfficialReadAfterWriteTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String OLD_TIME = "2020-01-01T00:00:00.000Z";

    @TempDir
    Path data;

    /** What the stand-in was frozen at: the account, its rev then, and its one post then. */
    private final AtomicReference<JsonNode> frozen = new AtomicReference<>();

    @Test
    void atpAgentSeesItsOwnWritesBeforeTheAppViewDoes() throws Exception {
        NodeClients clients = NodeClients.require("@atproto/api");
        HttpServer appView = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        appView.createContext("/", this::answer);
        appView.start();
        String appViewUrl = "http://127.0.0.1:" + appView.getAddress().getPort();
        try (TestServer pds = TestServer.start(data, Map.of("PDS_DEV_MODE", "true", "PDS_INVITE_REQUIRED", "false",
                "PDS_BSKY_APP_VIEW_URL", appViewUrl, "PDS_BSKY_APP_VIEW_DID", "did:web:appview.test"), List.of(), List.of())) {
            NodeClients.Run run = clients.run(180, "api/read-after-write.mjs", "http://localhost:" + pds.server.port(), appViewUrl, "raw");
            NodeClients.Steps steps = run.steps();
            assertEquals(7, steps.count(), "every step reported\n" + run.stdout() + run.stderr());
            assertEquals(List.of(), steps.failures(), "steps that failed");
            assertEquals(0, run.exitCode(), run.stderr());
            assertTrue(frozen.get() != null, "the script froze the stand-in");
        } finally {
            appView.stop(0);
        }
    }

    private void answer(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        if (path.equals("/freeze")) {
            frozen.set(JSON.readTree(ex.getRequestBody().readAllBytes()));
            reply(ex, 200, "{}", null);
            return;
        }
        JsonNode f = frozen.get();
        if (f == null) {
            reply(ex, 400, "{\"error\":\"NotReady\",\"message\":\"not frozen yet\"}", null);
            return;
        }
        String rev = f.get("rev").asText();
        String query = URLDecoder.decode(String.valueOf(ex.getRequestURI().getRawQuery()), StandardCharsets.UTF_8);
        ObjectNode profile = JSON.createObjectNode().put("did", f.get("did").asText()).put("handle", f.get("handle").asText())
                .put("displayName", "Before");
        ObjectNode post = JSON.createObjectNode().put("uri", f.get("uri").asText()).put("cid", f.get("cid").asText());
        post.set("author", profile);
        post.set("record", f.get("record"));
        post.put("indexedAt", OLD_TIME);
        ObjectNode thread = JSON.createObjectNode().put("$type", "app.bsky.feed.defs#threadViewPost");
        thread.set("post", post);
        switch (path.substring(path.lastIndexOf('/') + 1)) {
            case "app.bsky.feed.getTimeline" -> reply(ex, 200, "{\"feed\":[]}", rev);
            case "app.bsky.feed.getAuthorFeed" -> reply(ex, 200, "{\"feed\":[{\"post\":" + post + "}]}", rev);
            case "app.bsky.feed.getPosts" -> reply(ex, 200, "{\"posts\":[" + post + "]}", rev);
            case "app.bsky.feed.getPostThread" -> {
                if (query.contains("uri=" + f.get("uri").asText())) {
                    reply(ex, 200, "{\"thread\":" + thread + "}", rev);
                } else {
                    reply(ex, 400, "{\"error\":\"NotFound\",\"message\":\"Post not found\"}", rev);
                }
            }
            case "app.bsky.actor.getProfile" -> reply(ex, 200, profile.toString(), rev);
            case "app.bsky.actor.getProfiles" -> reply(ex, 200, "{\"profiles\":[" + profile + "]}", rev);
            default -> reply(ex, 404, "{\"error\":\"MethodNotImplemented\",\"message\":\"not here\"}", null);
        }
    }

    private static void reply(HttpExchange ex, int status, String body, String rev) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("content-type", "application/json; charset=utf-8");
        if (rev != null) {
            ex.getResponseHeaders().set("atproto-repo-rev", rev);
        }
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }
}
