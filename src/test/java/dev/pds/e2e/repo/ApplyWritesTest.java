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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** com.atproto.repo.applyWrites: mixed batches as one commit, the 200-write limit, and all-or-nothing failures. */
class ApplyWritesTest {
    static final String APPLY = "com.atproto.repo.applyWrites";
    static final String LIST = "com.atproto.repo.listRecords";

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

    static ObjectNode batch(String repo) {
        ObjectNode in = object().put("repo", repo);
        in.putArray("writes");
        return in;
    }

    static ObjectNode create(ObjectNode batch, String collection, String rkey, JsonNode value) {
        ObjectNode w = ((ArrayNode) batch.get("writes")).addObject().put("$type", APPLY + "#create").put("collection", collection);
        if (rkey != null) {
            w.put("rkey", rkey);
        }
        w.set("value", value);
        return batch;
    }

    static ObjectNode update(ObjectNode batch, String collection, String rkey, JsonNode value) {
        ((ArrayNode) batch.get("writes")).addObject().put("$type", APPLY + "#update").put("collection", collection)
                .put("rkey", rkey).set("value", value);
        return batch;
    }

    static ObjectNode delete(ObjectNode batch, String collection, String rkey) {
        ((ArrayNode) batch.get("writes")).addObject().put("$type", APPLY + "#delete").put("collection", collection).put("rkey", rkey);
        return batch;
    }

    int count(String repo, String collection) throws Exception {
        return ok(calls.query(LIST + "?repo=" + repo + "&collection=" + collection + "&limit=100")).get("records").size();
    }

    @Test
    void aMixedBatchIsOneCommitWithTypedResultsInOrder() throws Exception {
        String t = alice.accessJwt();
        ok(calls.post(APPLY, create(create(batch("alice.test"), THING, "u1", object().put("v", 1)), THING, "d1",
                object().put("v", 1)), t));
        String before = calls.head(alice.did());

        ObjectNode in = batch("alice.test");
        create(in, POST, null, post("new"));
        update(in, THING, "u1", object().put("v", 2));
        delete(in, THING, "d1");
        create(in, THING, "c1", object().put("v", 3));
        JsonNode r = ok(calls.post(APPLY, in, t));
        assertEquals(calls.head(alice.did()), r.get("commit").get("cid").asText());
        assertTrue(r.get("commit").get("rev").asText().length() == 13);
        JsonNode results = r.get("results");
        assertEquals(4, results.size());
        assertEquals(APPLY + "#createResult", results.get(0).get("$type").asText());
        assertEquals("valid", results.get(0).get("validationStatus").asText());
        assertTrue(results.get(0).get("uri").asText().startsWith("at://" + alice.did() + "/" + POST + "/"));
        assertEquals(APPLY + "#updateResult", results.get(1).get("$type").asText());
        assertEquals("unknown", results.get(1).get("validationStatus").asText());
        assertEquals("at://" + alice.did() + "/" + THING + "/u1", results.get(1).get("uri").asText());
        assertEquals(object().put("$type", APPLY + "#deleteResult"), results.get(2));
        assertEquals(APPLY + "#createResult", results.get(3).get("$type").asText());

        assertEquals(results.get(1).get("cid"), ok(calls.get("alice.test", THING, "u1")).get("cid"));
        assertEquals(2, ok(calls.get("alice.test", THING, "u1")).get("value").get("v").asInt());
        assertError(calls.get("alice.test", THING, "d1"), 400, "RecordNotFound");
        assertEquals(results.get(3).get("cid"), ok(calls.get("alice.test", THING, "c1")).get("cid"));

        // one commit: the previous head's rev is the one before
        assertFalse(before.equals(calls.head(alice.did())));
    }

    @Test
    void writesToOnePathApplyInOrderAsTheReferenceApplies() throws Exception {
        TestServer.Session dave = pds.createAccount("dave");
        String t = dave.accessJwt();
        ok(calls.post(APPLY, create(batch("dave.test"), THING, "kept", object().put("v", 1)), t));

        ObjectNode in = batch("dave.test");
        create(in, THING, "brief", object().put("v", "brief"));
        delete(in, THING, "brief");
        create(in, THING, "drafted", object().put("v", "draft"));
        update(in, THING, "drafted", object().put("v", "final"));
        delete(in, THING, "kept");
        create(in, THING, "kept", object().put("v", 2));
        JsonNode results = ok(calls.post(APPLY, in, t)).get("results");
        assertEquals(6, results.size());
        assertEquals(APPLY + "#createResult", results.get(0).get("$type").asText());
        assertEquals(object().put("$type", APPLY + "#deleteResult"), results.get(1));
        // each result names the record its own write stored
        assertFalse(results.get(2).get("cid").equals(results.get(3).get("cid")));
        assertEquals(APPLY + "#updateResult", results.get(3).get("$type").asText());

        assertError(calls.get("dave.test", THING, "brief"), 400, "RecordNotFound");
        JsonNode drafted = ok(calls.get("dave.test", THING, "drafted"));
        assertEquals("final", drafted.get("value").get("v").asText());
        assertEquals(results.get(3).get("cid"), drafted.get("cid"));
        assertEquals(2, ok(calls.get("dave.test", THING, "kept")).get("value").get("v").asInt());
        assertEquals(2, count("dave.test", THING));

        // the repo holds just the two records: the records later writes replaced are not kept
        java.io.ByteArrayOutputStream car = new java.io.ByteArrayOutputStream();
        try (dev.pds.core.store.RepoSnapshot snapshot = pds.server.context().store()
                .snapshot(dev.pds.core.syntax.Did.parse(dave.did())).orElseThrow()) {
            snapshot.writeCar(car);
        }
        dev.pds.core.car.CarContents export = dev.pds.core.car.CarReader.readAll(car.toByteArray(), dev.pds.core.car.CarLimits.DEFAULT);
        for (int i : new int[] {0, 2}) {
            dev.pds.core.data.Cid replaced = dev.pds.core.data.Cid.parse(results.get(i).get("cid").asText());
            assertFalse(export.blocks().contains(replaced), "the block of write " + i + " is gone");
        }
        assertEquals(2L, dev.pds.core.sync.RepoVerifier.verify(car.toByteArray(), dev.pds.core.car.CarLimits.DEFAULT,
                new dev.pds.core.sync.RepoVerifier.Expect(dave.did(), null)).recordCount());

        // two creates of one path still fail, and change nothing
        String head = calls.head(dave.did());
        assertError(calls.post(APPLY, create(create(batch("dave.test"), THING, "twice", object()), THING, "twice", object()), t),
                400, "InvalidRequest", "record already exists");
        assertEquals(head, calls.head(dave.did()));
    }

    @Test
    void twoHundredWritesPassAndTwoHundredAndOneAreRefused() throws Exception {
        String t = bob.accessJwt();
        ObjectNode many = batch("bob.test");
        for (int i = 0; i < 200; i++) {
            create(many, "com.example.bulk", String.format("b%03d", i), object().put("i", i));
        }
        assertEquals(200, ok(calls.post(APPLY, many, t)).get("results").size());
        assertEquals(100, count("bob.test", "com.example.bulk"));

        ObjectNode tooMany = batch("bob.test");
        for (int i = 0; i < 201; i++) {
            create(tooMany, "com.example.over", String.format("o%03d", i), object().put("i", i));
        }
        String head = calls.head(bob.did());
        assertError(calls.post(APPLY, tooMany, t), 400, "InvalidRequest", "Too many writes. Max: 200");
        assertEquals(head, calls.head(bob.did()));
        assertEquals(0, count("bob.test", "com.example.over"));
    }

    @Test
    void aBatchWithOneBadWriteChangesNothing() throws Exception {
        String t = alice.accessJwt();
        ok(calls.create(t, "alice.test", THING, "existing", object().put("v", 1)));
        String head = calls.head(alice.did());

        // an invalid record in the middle
        ObjectNode invalid = batch("alice.test");
        create(invalid, "com.example.atomic", "a1", object().put("v", 1));
        create(invalid, POST, null, object().put("text", 1).put("createdAt", RepoCalls.NOW));
        create(invalid, "com.example.atomic", "a2", object().put("v", 2));
        assertError(calls.post(APPLY, invalid, t), 400, "InvalidRequest", "writes/1/value/text");

        // a write the repo refuses at the end: creating what exists, updating or deleting what does not
        ObjectNode exists = create(create(batch("alice.test"), "com.example.atomic", "a1", object()), THING, "existing", object());
        assertError(calls.post(APPLY, exists, t), 400, "InvalidRequest");
        ObjectNode noTarget = update(create(batch("alice.test"), "com.example.atomic", "a1", object()), THING, "absent", object());
        assertError(calls.post(APPLY, noTarget, t), 400, "InvalidRequest");
        ObjectNode noDelete = delete(create(batch("alice.test"), "com.example.atomic", "a1", object()), THING, "absent");
        assertError(calls.post(APPLY, noDelete, t), 400, "InvalidRequest");
        // two creates of one path
        ObjectNode twice = create(create(batch("alice.test"), "com.example.atomic", "a1", object()), "com.example.atomic", "a1",
                object().put("v", 2));
        assertError(calls.post(APPLY, twice, t), 400, "InvalidRequest");
        // unknown type with validate:true, a wrong $type, a bad rkey, an unknown action
        ObjectNode strict = create(batch("alice.test"), "com.example.atomic", "a1", object()).put("validate", true);
        assertError(calls.post(APPLY, strict, t), 400, "InvalidRequest", "Unknown lexicon type");
        ObjectNode wrongType = create(create(batch("alice.test"), "com.example.atomic", "a1", object()), THING, "x",
                object().put("$type", POST));
        assertError(calls.post(APPLY, wrongType, t), 400, "InvalidRequest", "Invalid $type");
        ObjectNode badKey = create(create(batch("alice.test"), "com.example.atomic", "a1", object()), THING, "..", object());
        assertError(calls.post(APPLY, badKey, t), 400, "InvalidRequest");
        ObjectNode bogus = create(batch("alice.test"), "com.example.atomic", "a1", object());
        ((ArrayNode) bogus.get("writes")).addObject().put("$type", APPLY + "#bogus").put("collection", THING).put("rkey", "x");
        assertError(calls.post(APPLY, bogus, t), 400, "InvalidRequest");
        // a swap that loses
        ObjectNode swap = create(batch("alice.test"), "com.example.atomic", "a1", object())
                .put("swapCommit", "bafyreidlhma7iacrjsdskfx5uzyb5uwneffkwkd4vmkbv7hx2cc66janoi");
        assertError(calls.post(APPLY, swap, t), 400, "InvalidSwap", "Commit was at " + head);

        assertEquals(head, calls.head(alice.did()), "no failed batch committed anything");
        assertEquals(0, count("alice.test", "com.example.atomic"));
        assertEquals(1, ok(calls.get("alice.test", THING, "existing")).get("value").get("v").asInt());
    }

    @Test
    void onlyTheOwnerAppliesWrites() throws Exception {
        ObjectNode in = create(batch("bob.test"), THING, "x", object());
        assertError(calls.post(APPLY, in, alice.accessJwt()), 401, "AuthenticationRequired");
        assertError(calls.post(APPLY, in, null), 401, "AuthMissing");
        assertError(calls.post(APPLY, create(batch("nobody.test"), THING, "x", object()), alice.accessJwt()), 403,
                "AccountNotFound");
        assertError(calls.post(APPLY, object().put("repo", "alice.test"), alice.accessJwt()), 400, "InvalidRequest");
    }

    @Test
    void theWrittenRepoExportsAndVerifiesAgainstTheAccountsKey() throws Exception {
        TestServer.Session carol = pds.createAccount("carol");
        ObjectNode in = batch("carol.test");
        for (int i = 0; i < 30; i++) {
            create(in, "com.example.verify", "v" + i, object().put("i", i));
        }
        create(in, POST, null, post("exported"));
        ok(calls.post(APPLY, in, carol.accessJwt()));
        ok(calls.post(APPLY, update(delete(batch("carol.test"), "com.example.verify", "v0"), "com.example.verify", "v1",
                object().put("i", 100)), carol.accessJwt()));

        JsonNode doc = ok(calls.query("com.atproto.repo.describeRepo?repo=carol.test")).get("didDoc");
        String didKey = "did:key:" + doc.get("verificationMethod").get(0).get("publicKeyMultibase").asText();
        java.io.ByteArrayOutputStream car = new java.io.ByteArrayOutputStream();
        try (dev.pds.core.store.RepoSnapshot snapshot = pds.server.context().store()
                .snapshot(dev.pds.core.syntax.Did.parse(carol.did())).orElseThrow()) {
            snapshot.writeCar(car);
        }
        dev.pds.core.sync.VerifiedRepo repo = dev.pds.core.sync.RepoVerifier.verify(car.toByteArray(),
                dev.pds.core.car.CarLimits.DEFAULT, new dev.pds.core.sync.RepoVerifier.Expect(carol.did(), didKey));
        assertEquals(calls.head(carol.did()), repo.commit().toString());
        assertEquals(29L, repo.collections().get("com.example.verify"));
        assertEquals(1L, repo.collections().get(POST));
        assertEquals(30L, repo.recordCount());
    }

    @Test
    void anEmptyBatchIsAnEmptyCommit() throws Exception {
        String head = calls.head(alice.did());
        JsonNode r = ok(calls.post(APPLY, batch("alice.test"), alice.accessJwt()));
        assertEquals(0, r.get("results").size());
        assertEquals(calls.head(alice.did()), r.get("commit").get("cid").asText());
        assertFalse(head.equals(r.get("commit").get("cid").asText()));
    }
}
