package dev.pds.e2e.repo;

import static dev.pds.e2e.repo.RepoCalls.THING;
import static dev.pds.e2e.repo.RepoCalls.assertError;
import static dev.pds.e2e.repo.RepoCalls.object;
import static dev.pds.e2e.repo.RepoCalls.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.e2e.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** com.atproto.repo.putRecord and deleteRecord: creates, replacements, no-ops, swaps and refusals. */
class PutAndDeleteRecordTest {
    static final String PUT = "com.atproto.repo.putRecord";
    static final String DELETE = "com.atproto.repo.deleteRecord";
    static final String PROFILE = "app.bsky.actor.profile";
    static final String OTHER_CID = "bafyreidlhma7iacrjsdskfx5uzyb5uwneffkwkd4vmkbv7hx2cc66janoi";

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

    static ObjectNode put(String repo, String collection, String rkey, JsonNode record) {
        ObjectNode in = object().put("repo", repo).put("collection", collection).put("rkey", rkey);
        in.set("record", record);
        return in;
    }

    static ObjectNode delete(String repo, String collection, String rkey) {
        return object().put("repo", repo).put("collection", collection).put("rkey", rkey);
    }

    @Test
    void putCreatesReplacesAndSkipsAnUnchangedRecord() throws Exception {
        String t = alice.accessJwt();
        JsonNode created = ok(calls.post(PUT, put("alice.test", PROFILE, "self", object().put("displayName", "A")), t));
        assertEquals("at://" + alice.did() + "/" + PROFILE + "/self", created.get("uri").asText());
        assertEquals("valid", created.get("validationStatus").asText());
        assertEquals(calls.head(alice.did()), created.get("commit").get("cid").asText());

        String head = calls.head(alice.did());
        JsonNode same = ok(calls.post(PUT, put("alice.test", PROFILE, "self", object().put("displayName", "A")), t));
        assertEquals(created.get("cid"), same.get("cid"));
        assertFalse(same.has("commit"), "an unchanged record makes no commit: " + same);
        assertEquals("valid", same.get("validationStatus").asText());
        assertEquals(head, calls.head(alice.did()));

        JsonNode replaced = ok(calls.post(PUT, put(alice.did(), PROFILE, "self", object().put("displayName", "B")), t));
        assertNotEquals(created.get("cid"), replaced.get("cid"));
        assertNotEquals(head, replaced.get("commit").get("cid").asText());
        JsonNode got = ok(calls.get("alice.test", PROFILE, "self"));
        assertEquals("B", got.get("value").get("displayName").asText());
        assertEquals(PROFILE, got.get("value").get("$type").asText());
        assertEquals(replaced.get("cid"), got.get("cid"));
    }

    @Test
    void putSwapsAreCheckedAgainstTheCurrentRecord() throws Exception {
        String t = alice.accessJwt();
        // null: the record must not exist yet
        JsonNode first = ok(calls.post(PUT, put("alice.test", THING, "swapped", object().put("v", 1)).putNull("swapRecord"), t));
        String cid = first.get("cid").asText();
        String head = calls.head(alice.did());
        assertError(calls.post(PUT, put("alice.test", THING, "swapped", object().put("v", 2)).putNull("swapRecord"), t),
                400, "InvalidSwap", "Record was at " + cid);
        assertError(calls.post(PUT, put("alice.test", THING, "swapped", object().put("v", 2)).put("swapRecord", OTHER_CID), t),
                400, "InvalidSwap", "Record was at " + cid);
        assertError(calls.post(PUT, put("alice.test", THING, "swapped", object().put("v", 2)).put("swapCommit", OTHER_CID), t),
                400, "InvalidSwap", "Commit was at " + head);
        assertError(calls.post(PUT, put("alice.test", THING, "fresh", object().put("v", 2)).put("swapRecord", OTHER_CID), t),
                400, "InvalidSwap", "Record was at null");
        assertEquals(head, calls.head(alice.did()));
        assertEquals(1, ok(calls.get("alice.test", THING, "swapped")).get("value").get("v").asInt());

        JsonNode second = ok(calls.post(PUT, put("alice.test", THING, "swapped", object().put("v", 2))
                .put("swapRecord", cid).put("swapCommit", head), t));
        assertEquals(2, ok(calls.get("alice.test", THING, "swapped")).get("value").get("v").asInt());
        assertEquals(calls.head(alice.did()), second.get("commit").get("cid").asText());
    }

    @Test
    void putRefusesWhatCreateRefuses() throws Exception {
        String t = alice.accessJwt();
        assertError(calls.post(PUT, object().put("repo", "alice.test").put("collection", THING).set("record", object()), t),
                400, "InvalidRequest");
        assertError(calls.post(PUT, put("alice.test", PROFILE, "self", object().put("displayName", 7)), t), 400,
                "InvalidRequest", "Invalid app.bsky.actor.profile record");
        assertError(calls.post(PUT, put("alice.test", PROFILE, "self", object().put("$type", THING)), t), 400,
                "InvalidRequest", "Invalid $type");
        assertError(calls.post(PUT, put("alice.test", PROFILE, "other", object()), t), 400, "InvalidRequest");
        assertError(calls.post(PUT, put("alice.test", THING, "x", object().put("v", 1)).put("validate", true), t), 400,
                "InvalidRequest", "Unknown lexicon type");
        assertError(calls.post(PUT, put("bob.test", THING, "x", object()), t), 401, "AuthenticationRequired");
        assertError(calls.post(PUT, put("bob.test", THING, "x", object()), null), 401, "AuthMissing");
    }

    @Test
    void deleteRemovesARecordAndAMissingOneIsANoOp() throws Exception {
        String t = alice.accessJwt();
        ok(calls.create(t, "alice.test", THING, "doomed", object().put("v", 1)));
        JsonNode deleted = ok(calls.post(DELETE, delete("alice.test", THING, "doomed"), t));
        assertEquals(calls.head(alice.did()), deleted.get("commit").get("cid").asText());
        assertError(calls.get("alice.test", THING, "doomed"), 400, "RecordNotFound");

        String head = calls.head(alice.did());
        HttpResponse<String> again = calls.post(DELETE, delete("alice.test", THING, "doomed"), t);
        assertEquals(object(), ok(again), "no record, no commit");
        assertEquals(object(), ok(calls.post(DELETE, delete("alice.test", THING, "doomed").put("swapRecord", OTHER_CID), t)));
        assertEquals(head, calls.head(alice.did()));
    }

    @Test
    void deleteSwapsAndOwnership() throws Exception {
        String t = alice.accessJwt();
        String cid = ok(calls.create(t, "alice.test", THING, "kept", object().put("v", 1))).get("cid").asText();
        String head = calls.head(alice.did());
        assertError(calls.post(DELETE, delete("alice.test", THING, "kept").put("swapRecord", OTHER_CID), t), 400,
                "InvalidSwap", "Record was at " + cid);
        assertError(calls.post(DELETE, delete("alice.test", THING, "kept").put("swapCommit", OTHER_CID), t), 400,
                "InvalidSwap");
        assertError(calls.post(DELETE, delete("bob.test", THING, "kept"), t), 401, "AuthenticationRequired");
        assertError(calls.post(DELETE, delete("alice.test", THING, ".."), t), 400, "InvalidRequest");
        assertError(calls.post(DELETE, delete("alice.test", THING, "kept"), null), 401, "AuthMissing");
        assertEquals(head, calls.head(alice.did()));
        assertTrue(ok(calls.get("alice.test", THING, "kept")).has("value"));

        ok(calls.post(DELETE, delete("alice.test", THING, "kept").put("swapRecord", cid).put("swapCommit", head), t));
        assertError(calls.get("alice.test", THING, "kept"), 400, "RecordNotFound");
    }
}
