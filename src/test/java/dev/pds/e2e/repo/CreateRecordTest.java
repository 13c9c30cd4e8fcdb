package dev.pds.e2e.repo;

import static dev.pds.e2e.repo.RepoCalls.NOW;
import static dev.pds.e2e.repo.RepoCalls.POST;
import static dev.pds.e2e.repo.RepoCalls.THING;
import static dev.pds.e2e.repo.RepoCalls.assertError;
import static dev.pds.e2e.repo.RepoCalls.json;
import static dev.pds.e2e.repo.RepoCalls.object;
import static dev.pds.e2e.repo.RepoCalls.ok;
import static dev.pds.e2e.repo.RepoCalls.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.syntax.Tid;
import dev.pds.e2e.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** com.atproto.repo.createRecord against a started server: answers, validation, and every refusal. */
class CreateRecordTest {
    static final String CREATE = "com.atproto.repo.createRecord";

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
    }

    @AfterAll
    static void stop() {
        pds.close();
    }

    @Test
    void createAnswersUriCidCommitAndStatusAndTheRecordReadsBack() throws Exception {
        ObjectNode record = object().put("text", "hello").put("createdAt", NOW); // no $type: the collection's is added
        JsonNode r = ok(calls.create(alice.accessJwt(), "alice.test", POST, null, record));
        String uri = r.get("uri").asText();
        assertTrue(uri.startsWith("at://" + alice.did() + "/" + POST + "/"), uri);
        String rkey = uri.substring(uri.lastIndexOf('/') + 1);
        assertTrue(Tid.isValid(rkey), "a missing rkey becomes a TID: " + rkey);
        assertEquals("valid", r.get("validationStatus").asText());
        assertEquals(calls.head(alice.did()), r.get("commit").get("cid").asText());
        assertTrue(Tid.isValid(r.get("commit").get("rev").asText()));

        JsonNode got = ok(calls.get(alice.did(), POST, rkey));
        assertEquals(uri, got.get("uri").asText());
        assertEquals(r.get("cid").asText(), got.get("cid").asText());
        assertEquals(post("hello"), got.get("value"));

        // by DID too, and rkeys of later creates sort after earlier ones
        JsonNode second = ok(calls.create(alice.accessJwt(), alice.did(), POST, null, post("again")));
        String rkey2 = second.get("uri").asText().substring(second.get("uri").asText().lastIndexOf('/') + 1);
        assertTrue(rkey2.compareTo(rkey) > 0, rkey2 + " after " + rkey);
        assertTrue(second.get("commit").get("rev").asText().compareTo(r.get("commit").get("rev").asText()) > 0);
    }

    @Test
    void anExistingRkeyIsNotOverwritten() throws Exception {
        JsonNode first = ok(calls.create(alice.accessJwt(), "alice.test", POST, "3k2aaaaaaaaa2", post("first")));
        String head = calls.head(alice.did());
        assertError(calls.create(alice.accessJwt(), "alice.test", POST, "3k2aaaaaaaaa2", post("second")), 400, "InvalidRequest");
        assertEquals(head, calls.head(alice.did()));
        assertEquals(first.get("cid").asText(), ok(calls.get("alice.test", POST, "3k2aaaaaaaaa2")).get("cid").asText());
    }

    @Test
    void unknownTypesPassUnlessValidationIsRequired() throws Exception {
        ObjectNode thing = object().put("$type", THING).put("n", 1);
        JsonNode absent = ok(calls.create(alice.accessJwt(), "alice.test", THING, null, thing));
        assertEquals("unknown", absent.get("validationStatus").asText());

        ObjectNode off = object().put("repo", "alice.test").put("collection", THING).put("validate", false);
        off.set("record", thing);
        JsonNode skipped = ok(calls.post(CREATE, off, alice.accessJwt()));
        assertFalse(skipped.has("validationStatus"), "validate:false answers no status: " + skipped);
        assertEquals(absent.get("cid"), skipped.get("cid"), "same record, same CID");

        ObjectNode on = off.deepCopy().put("validate", true);
        assertError(calls.post(CREATE, on, alice.accessJwt()), 400, "InvalidRequest", "Unknown lexicon type: " + THING);
    }

    @Test
    void invalidRecordsAreRefusedWithWhereAndWhy() throws Exception {
        ObjectNode bad = object().put("$type", POST).put("text", 5).put("createdAt", NOW);
        String head = calls.head(alice.did());
        assertError(calls.create(alice.accessJwt(), "alice.test", POST, null, bad), 400, "InvalidRequest",
                "Invalid app.bsky.feed.post record: record/text must be a string");
        ObjectNode strict = object().put("repo", "alice.test").put("collection", POST).put("validate", true);
        strict.set("record", bad);
        assertError(calls.post(CREATE, strict, alice.accessJwt()), 400, "InvalidRequest", "record/text");
        ObjectNode noDate = object().put("$type", POST).put("text", "x");
        assertError(calls.create(alice.accessJwt(), "alice.test", POST, null, noDate), 400, "InvalidRequest", "createdAt");
        ObjectNode tooLong = post("x".repeat(3001));
        assertError(calls.create(alice.accessJwt(), "alice.test", POST, null, tooLong), 400, "InvalidRequest", "record/text");
        assertEquals(head, calls.head(alice.did()), "nothing was committed");

        // validate:false skips the lexicon, not the data model
        ObjectNode lax = object().put("repo", "alice.test").put("collection", POST).put("validate", false);
        lax.set("record", bad);
        assertFalse(ok(calls.post(CREATE, lax, alice.accessJwt())).has("validationStatus"));
    }

    @Test
    void theTypeMustNameTheCollectionEvenWithoutValidation() throws Exception {
        ObjectNode like = object().put("$type", "app.bsky.feed.like").put("text", "x").put("createdAt", NOW);
        assertError(calls.create(alice.accessJwt(), "alice.test", POST, null, like), 400, "InvalidRequest",
                "Invalid $type: expected app.bsky.feed.post, got app.bsky.feed.like");
        ObjectNode lax = object().put("repo", "alice.test").put("collection", POST).put("validate", false);
        lax.set("record", like);
        assertError(calls.post(CREATE, lax, alice.accessJwt()), 400, "InvalidRequest", "Invalid $type");
    }

    @Test
    void malformedRecordsAreRefused() throws Exception {
        String t = alice.accessJwt();
        String head = calls.head(alice.did());
        String[] bodies = {
            "{\"repo\":\"alice.test\",\"collection\":\"com.example.thing\",\"record\":{\"a\":1.5}}",
            "{\"repo\":\"alice.test\",\"collection\":\"com.example.thing\",\"record\":{\"a\":{\"$link\":\"nope\"}}}",
            "{\"repo\":\"alice.test\",\"collection\":\"com.example.thing\",\"record\":{\"a\":{\"$bytes\":\"!!\"}}}",
            "{\"repo\":\"alice.test\",\"collection\":\"com.example.thing\",\"record\":{\"$type\":\"\"}}",
            "{\"repo\":\"alice.test\",\"collection\":\"com.example.thing\",\"record\":{\"$type\":5}}",
            "{\"repo\":\"alice.test\",\"collection\":\"com.example.thing\",\"record\":{\"a\":{\"$type\":\"blob\",\"size\":1}}}",
            "{\"repo\":\"alice.test\",\"collection\":\"com.example.thing\",\"record\":{\"$link\":\"bafyreidlhma7iacrjsdskfx5uzyb5uwneffkwkd4vmkbv7hx2cc66janoi\"}}",
            "{\"repo\":\"alice.test\",\"collection\":\"com.example.thing\",\"record\":[1]}",
            "{\"repo\":\"alice.test\",\"collection\":\"com.example.thing\",\"record\":\"text\"}",
            "{\"repo\":\"alice.test\",\"collection\":\"com.example.thing\"}",
            "{\"repo\":\"alice.test\",\"collection\":\"not a nsid\",\"record\":{}}",
            "{\"repo\":\"alice.test\",\"collection\":\"com.example.thing\",\"record\":{\"a\":1,\"a\":2}}",
            "{\"repo\":\"alice.test\",\"collection\":\"com.example.thing\",\"record\":{",
        };
        for (String body : bodies) {
            HttpResponse<String> r = pds.postJson("/xrpc/" + CREATE, body, t);
            assertError(r, 400, "InvalidRequest");
        }
        assertEquals(head, calls.head(alice.did()));
    }

    @Test
    void legacyBlobRefsAreRefusedAndTypedOnesKept() throws Exception {
        String cid = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
        ObjectNode legacy = object().put("$type", THING);
        legacy.putObject("img").put("cid", cid).put("mimeType", "image/png");
        assertError(calls.create(alice.accessJwt(), "alice.test", THING, null, legacy), 400, "InvalidRequest",
                "Legacy blobs are not allowed (" + cid + ")");
    }

    @Test
    void badRecordKeysAreRefused() throws Exception {
        for (String rkey : new String[] {"..", ".", "a/b", "a b", "x".repeat(513), ""}) {
            assertError(calls.create(alice.accessJwt(), "alice.test", THING, rkey, object().put("n", 1)), 400, "InvalidRequest");
        }
        // the lexicon's key type: a profile lives at "self", a post at a TID
        assertError(calls.create(alice.accessJwt(), "alice.test", "app.bsky.actor.profile", "abc", object()), 400,
                "InvalidRequest", "app.bsky.actor.profile");
        assertError(calls.create(alice.accessJwt(), "alice.test", POST, "not-a-tid", post("x")), 400, "InvalidRequest");
        ok(calls.create(alice.accessJwt(), "alice.test", "app.bsky.actor.profile", "self", object().put("displayName", "A")));
    }

    @Test
    void onlyTheOwnerWritesToARepo() throws Exception {
        String bobHead = calls.head(bob.did());
        assertError(calls.create(alice.accessJwt(), "bob.test", THING, null, object()), 401, "AuthenticationRequired");
        assertError(calls.create(alice.accessJwt(), bob.did(), THING, null, object()), 401, "AuthenticationRequired");
        assertError(calls.create(alice.accessJwt(), "nobody.test", THING, null, object()), 403, "AccountNotFound");
        assertError(calls.create(null, "bob.test", THING, null, object()), 401, "AuthMissing");
        assertError(calls.create("not.a.token", "bob.test", THING, null, object()), 400, "InvalidToken");
        assertError(calls.create(bob.refreshJwt(), "bob.test", THING, null, object()), 400, "InvalidToken");
        assertEquals(bobHead, calls.head(bob.did()));
    }

    @Test
    void swapCommitMustNameTheCurrentCommit() throws Exception {
        String head = calls.head(alice.did());
        ObjectNode in = object().put("repo", "alice.test").put("collection", THING)
                .put("swapCommit", "bafyreidlhma7iacrjsdskfx5uzyb5uwneffkwkd4vmkbv7hx2cc66janoi");
        in.set("record", object().put("n", 1));
        assertError(calls.post(CREATE, in, alice.accessJwt()), 400, "InvalidSwap", "Commit was at " + head);
        in.put("swapCommit", "not-a-cid");
        assertError(calls.post(CREATE, in, alice.accessJwt()), 400, "InvalidRequest");
        assertEquals(head, calls.head(alice.did()));
        in.put("swapCommit", head);
        JsonNode won = ok(calls.post(CREATE, in, alice.accessJwt()));
        assertEquals(calls.head(alice.did()), won.get("commit").get("cid").asText());
    }
}
