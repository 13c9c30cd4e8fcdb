package dev.pds.e2e.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.e2e.TestServer;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** Calls of the com.atproto.repo methods for the tests of this package, and their assertions. */
final class RepoCalls {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String POST = "app.bsky.feed.post";
    static final String THING = "com.example.thing";
    static final String NOW = "2024-01-01T00:00:00.000Z";

    private final TestServer pds;

    RepoCalls(TestServer pds) {
        this.pds = pds;
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** A valid post record. */
    static ObjectNode post(String text) {
        return object().put("$type", POST).put("text", text).put("createdAt", NOW);
    }

    static JsonNode ok(HttpResponse<String> r) throws Exception {
        assertEquals(200, r.statusCode(), r.body());
        return json(r);
    }

    static void assertError(HttpResponse<String> r, int status, String error) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals(error, json(r).path("error").asText(), r.body());
        assertTrue(json(r).path("message").isTextual(), r.body());
    }

    static void assertError(HttpResponse<String> r, int status, String error, String messagePart) throws Exception {
        assertError(r, status, error);
        String message = json(r).get("message").asText();
        assertTrue(message.contains(messagePart), "message \"" + message + "\" should contain \"" + messagePart + "\"");
    }

    HttpResponse<String> post(String nsid, JsonNode input, String token) throws Exception {
        return pds.postJson("/xrpc/" + nsid, JSON.writeValueAsString(input), token);
    }

    HttpResponse<String> create(String token, String repo, String collection, String rkey, JsonNode record) throws Exception {
        ObjectNode in = object().put("repo", repo).put("collection", collection);
        if (rkey != null) {
            in.put("rkey", rkey);
        }
        in.set("record", record);
        return post("com.atproto.repo.createRecord", in, token);
    }

    HttpResponse<String> get(String repo, String collection, String rkey) throws Exception {
        return pds.get("/xrpc/com.atproto.repo.getRecord?repo=" + q(repo) + "&collection=" + q(collection) + "&rkey=" + q(rkey));
    }

    HttpResponse<String> query(String nsidAndParams) throws Exception {
        return pds.get("/xrpc/" + nsidAndParams);
    }

    /** The repo's current commit CID, from the store. */
    String head(String did) {
        return pds.server.context().store().head(dev.pds.core.syntax.Did.parse(did)).orElseThrow().commit().toString();
    }

    static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
