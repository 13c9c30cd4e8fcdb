package dev.pds.e2e.repo;

import static dev.pds.e2e.repo.RepoCalls.POST;
import static dev.pds.e2e.repo.RepoCalls.THING;
import static dev.pds.e2e.repo.RepoCalls.assertError;
import static dev.pds.e2e.repo.RepoCalls.object;
import static dev.pds.e2e.repo.RepoCalls.ok;
import static dev.pds.e2e.repo.RepoCalls.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.e2e.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** getRecord, listRecords and describeRepo: answers, paging both ways, and refusals. */
class ReadRecordsTest {
    static final String LIST = "com.atproto.repo.listRecords";
    static final String LINKED = "bafyreidlhma7iacrjsdskfx5uzyb5uwneffkwkd4vmkbv7hx2cc66janoi";
    /** A blob alice uploaded (123 bytes, image/png): records may only cite blobs their account has. */
    static String blob;

    @TempDir
    static Path data;
    static TestServer pds;
    static RepoCalls calls;
    static TestServer.Session alice;
    static TestServer.Session bob;

    @BeforeAll
    static void start() throws Exception {
        pds = TestServer.start(data);
        calls = new RepoCalls(pds);
        alice = pds.createAccount("alice");
        bob = pds.createAccount("bob");
        java.net.http.HttpResponse<String> upload = pds.http.send(pds.request("/xrpc/com.atproto.repo.uploadBlob")
                .header("Content-Type", "image/png").header("Authorization", "Bearer " + alice.accessJwt())
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(new byte[123])).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        blob = ok(upload).get("blob").get("ref").get("$link").asText();
        // seven items k0..k6 in one collection, a post, and a record of bob's
        for (int i = 0; i < 7; i++) {
            ok(calls.create(alice.accessJwt(), "alice.test", "com.example.item", "k" + i, object().put("i", i)));
        }
        ok(calls.create(alice.accessJwt(), "alice.test", POST, null, post("hi")));
        ok(calls.create(bob.accessJwt(), "bob.test", "com.example.item", "b0", object().put("i", 0)));
    }

    @AfterAll
    static void stop() {
        pds.close();
    }

    static List<String> rkeys(JsonNode page) {
        List<String> out = new ArrayList<>();
        for (JsonNode r : page.get("records")) {
            String uri = r.get("uri").asText();
            out.add(uri.substring(uri.lastIndexOf('/') + 1));
        }
        return out;
    }

    @Test
    void recordValuesComeBackAsTheDataModelsJson() throws Exception {
        ObjectNode record = object().put("$type", THING);
        record.putObject("link").put("$link", LINKED);
        record.putObject("bytes").put("$bytes", "aGVsbG8");
        record.putObject("img").put("$type", "blob").put("mimeType", "image/png").put("size", 123)
                .putObject("ref").put("$link", blob);
        record.putArray("list").add(1).add("two").addNull().add(true);
        record.put("big", 9007199254740991L);
        JsonNode created = ok(calls.create(alice.accessJwt(), "alice.test", THING, "shapes", record));
        JsonNode got = ok(calls.get("alice.test", THING, "shapes"));
        assertEquals(record, got.get("value"));
        assertEquals(created.get("cid"), got.get("cid"));
        assertEquals("at://" + alice.did() + "/" + THING + "/shapes", got.get("uri").asText());
        // the version asked for by CID
        assertEquals(record, ok(calls.query("com.atproto.repo.getRecord?repo=" + alice.did() + "&collection=" + THING
                + "&rkey=shapes&cid=" + created.get("cid").asText())).get("value"));
    }

    @Test
    void missingRecordsAndReposAreNamed() throws Exception {
        assertError(calls.get("alice.test", THING, "nothing-here"), 400, "RecordNotFound",
                "Could not locate record: at://" + alice.did() + "/" + THING + "/nothing-here");
        assertError(calls.query("com.atproto.repo.getRecord?repo=alice.test&collection=com.example.item&rkey=k0&cid=" + LINKED),
                400, "RecordNotFound");
        assertError(calls.get("nobody.test", THING, "x"), 400, "InvalidRequest");
        assertError(calls.get("did:plc:aaaaaaaaaaaaaaaaaaaaaaaa", THING, "x"), 400, "InvalidRequest");
        assertError(calls.get("alice.test", THING, ".."), 400, "InvalidRequest");
        assertError(calls.get("alice.test", "not a nsid", "x"), 400, "InvalidRequest");
        assertError(calls.query("com.atproto.repo.getRecord?repo=alice.test&collection=" + THING), 400, "InvalidRequest");
        assertError(calls.query("com.atproto.repo.getRecord?repo=alice.test&collection=com.example.item&rkey=k0&cid=nope"),
                400, "InvalidRequest");
    }

    @Test
    void listRecordsGivesNewestFirstUnlessReversed() throws Exception {
        JsonNode all = ok(calls.query(LIST + "?repo=alice.test&collection=com.example.item"));
        assertEquals(List.of("k6", "k5", "k4", "k3", "k2", "k1", "k0"), rkeys(all));
        assertFalse(all.has("cursor"), "the whole collection fit: " + all);
        JsonNode first = all.get("records").get(0);
        assertEquals(6, first.get("value").get("i").asInt());
        assertEquals("com.example.item", first.get("value").get("$type").asText());
        assertEquals(ok(calls.get("alice.test", "com.example.item", "k6")).get("cid"), first.get("cid"));

        JsonNode reversed = ok(calls.query(LIST + "?repo=" + alice.did() + "&collection=com.example.item&reverse=true"));
        assertEquals(List.of("k0", "k1", "k2", "k3", "k4", "k5", "k6"), rkeys(reversed));
        assertEquals(List.of("b0"), rkeys(ok(calls.query(LIST + "?repo=bob.test&collection=com.example.item"))));
        JsonNode empty = ok(calls.query(LIST + "?repo=alice.test&collection=com.example.none"));
        assertEquals(0, empty.get("records").size());
        assertFalse(empty.has("cursor"));
    }

    @Test
    void listRecordsAnswersAlikeFromRenderedValuesAndShowsChangesAtOnce() throws Exception {
        String collection = "com.example.rendered";
        for (int i = 0; i < 5; i++) {
            ok(calls.create(alice.accessJwt(), "alice.test", collection, "r" + i,
                    object().put("i", i).put("text", "caf\u00e9 \ud83d\ude00 \"quoted\" \\ " + i)));
        }
        // the same value under another key: one CID, rendered once, shown for both
        ok(calls.create(alice.accessJwt(), "alice.test", collection, "twin",
                object().put("i", 0).put("text", "caf\u00e9 \ud83d\ude00 \"quoted\" \\ 0")));
        String url = LIST + "?repo=alice.test&collection=" + collection;
        String fresh = ok200(calls.query(url));
        String again = ok200(calls.query(url));
        assertEquals(fresh, again, "rendered values give the same bytes");
        JsonNode page = RepoCalls.JSON.readTree(again);
        assertEquals(List.of("twin", "r4", "r3", "r2", "r1", "r0"), rkeys(page));
        assertEquals(page.get("records").get(0).get("value"), page.get("records").get(5).get("value"));
        assertEquals(page.get("records").get(0).get("cid"), page.get("records").get(5).get("cid"));
        assertEquals("caf\u00e9 \ud83d\ude00 \"quoted\" \\ 3", page.get("records").get(2).get("value").get("text").asText());
        String smallPages = ok200(calls.query(url + "&limit=2&cursor=r3"));
        assertEquals(List.of("r2", "r1"), rkeys(RepoCalls.JSON.readTree(smallPages)));

        // an update and a delete show at once
        ObjectNode changed = object().put("i", 99);
        ok(calls.post("com.atproto.repo.putRecord", object().put("repo", "alice.test").put("collection", collection)
                .put("rkey", "r2").set("record", changed), alice.accessJwt()));
        ok(calls.post("com.atproto.repo.deleteRecord", object().put("repo", "alice.test").put("collection", collection)
                .put("rkey", "r1"), alice.accessJwt()));
        JsonNode after = ok(calls.query(url));
        assertEquals(List.of("twin", "r4", "r3", "r2", "r0"), rkeys(after));
        assertEquals(99, after.get("records").get(3).get("value").get("i").asInt());
        assertEquals(ok(calls.get("alice.test", collection, "r2")).get("cid"), after.get("records").get(3).get("cid"));
    }

    static String ok200(java.net.http.HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    @Test
    void listRecordsPagesWithTheCursorBothWays() throws Exception {
        for (boolean reverse : new boolean[] {false, true}) {
            List<String> seen = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                JsonNode page = ok(calls.query(LIST + "?repo=alice.test&collection=com.example.item&limit=3&reverse=" + reverse
                        + (cursor == null ? "" : "&cursor=" + cursor)));
                assertTrue(page.get("records").size() <= 3);
                seen.addAll(rkeys(page));
                cursor = page.path("cursor").asText(null);
                pages++;
            } while (cursor != null);
            List<String> expected = reverse ? List.of("k0", "k1", "k2", "k3", "k4", "k5", "k6")
                    : List.of("k6", "k5", "k4", "k3", "k2", "k1", "k0");
            assertEquals(expected, seen);
            assertEquals(3, pages);
        }
        assertEquals(List.of("k2", "k1"), rkeys(ok(calls.query(LIST + "?repo=alice.test&collection=com.example.item&limit=2&cursor=k3"))));
        assertEquals(List.of("k4", "k5"), rkeys(ok(calls.query(LIST
                + "?repo=alice.test&collection=com.example.item&limit=2&cursor=k3&reverse=true"))));
    }

    @Test
    void listRecordsDefaultsToFiftyAndChecksItsParameters() throws Exception {
        ObjectNode in = object().put("repo", "bob.test");
        ArrayNode writes = in.putArray("writes");
        for (int i = 0; i < 60; i++) {
            writes.addObject().put("$type", "com.atproto.repo.applyWrites#create").put("collection", "com.example.many")
                    .put("rkey", String.format("m%02d", i)).putObject("value").put("i", i);
        }
        ok(calls.post("com.atproto.repo.applyWrites", in, bob.accessJwt()));
        JsonNode page = ok(calls.query(LIST + "?repo=bob.test&collection=com.example.many"));
        assertEquals(50, page.get("records").size());
        assertEquals("m10", page.get("cursor").asText());
        JsonNode whole = ok(calls.query(LIST + "?repo=bob.test&collection=com.example.many&limit=100"));
        assertEquals(60, whole.get("records").size());
        assertFalse(whole.has("cursor"));

        String base = LIST + "?repo=alice.test&collection=com.example.item";
        assertError(calls.query(base + "&limit=0"), 400, "InvalidRequest");
        assertError(calls.query(base + "&limit=101"), 400, "InvalidRequest");
        assertError(calls.query(base + "&limit=ten"), 400, "InvalidRequest");
        assertError(calls.query(base + "&reverse=maybe"), 400, "InvalidRequest");
        assertError(calls.query(base + "&cursor=a%2Fb"), 400, "InvalidRequest");
        assertError(calls.query(base + "&cursor=.."), 400, "InvalidRequest");
        assertError(calls.query(LIST + "?repo=nobody.test&collection=com.example.item"), 400, "InvalidRequest",
                "Could not find repo: nobody.test");
        assertError(calls.query(LIST + "?repo=alice.test"), 400, "InvalidRequest");
    }

    @Test
    void describeRepoNamesTheAccountItsDocumentAndCollections() throws Exception {
        for (String repo : List.of("alice.test", alice.did())) {
            JsonNode d = ok(calls.query("com.atproto.repo.describeRepo?repo=" + repo));
            assertEquals("alice.test", d.get("handle").asText());
            assertEquals(alice.did(), d.get("did").asText());
            assertEquals(alice.did(), d.get("didDoc").get("id").asText());
            assertEquals("at://alice.test", d.get("didDoc").get("alsoKnownAs").get(0).asText());
            assertTrue(d.get("handleIsCorrect").asBoolean());
            List<String> collections = new ArrayList<>();
            d.get("collections").forEach(c -> collections.add(c.asText()));
            assertTrue(collections.containsAll(List.of(POST, "com.example.item")), collections.toString());
            List<String> sorted = new ArrayList<>(collections);
            java.util.Collections.sort(sorted);
            assertEquals(sorted, collections, "in NSID order, each once");
        }
        JsonNode bobs = ok(calls.query("com.atproto.repo.describeRepo?repo=bob.test")).get("collections");
        assertEquals("com.example.item", bobs.get(0).asText(), bobs.toString());
        bobs.forEach(c -> assertFalse(c.asText().equals(POST), "bob has no posts: " + bobs));
        assertError(calls.query("com.atproto.repo.describeRepo?repo=nobody.test"), 400, "RepoNotFound");
        assertError(calls.query("com.atproto.repo.describeRepo"), 400, "InvalidRequest");
        assertError(calls.query("com.atproto.repo.describeRepo?repo=not%20a%20handle"), 400, "InvalidRequest");
    }
}
