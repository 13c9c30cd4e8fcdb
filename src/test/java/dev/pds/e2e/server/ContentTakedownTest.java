package dev.pds.e2e.server;

import static dev.pds.e2e.server.AccountsAndSessionsTest.assertError;
import static dev.pds.e2e.server.AccountsAndSessionsTest.json;
import static dev.pds.e2e.server.InviteCodesTest.admin;
import static dev.pds.e2e.server.InviteCodesTest.basic;
import static dev.pds.e2e.server.OperatorAccountsTest.ADMIN;
import static dev.pds.e2e.server.OperatorAccountsTest.STATUS;
import static dev.pds.e2e.server.OperatorAccountsTest.subjectStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pds.e2e.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Takedowns of single records and blobs, as a moderation service applies them with
 * updateSubjectStatus: what getRecord, listRecords, getBlob and getSubjectStatus then answer,
 * that lifting restores them (also for a record deleted since), and that they outlast a restart
 * and a delete-and-recreate.
 */
class ContentTakedownTest {
    static final String POSTS = "app.bsky.feed.post";

    @TempDir
    Path data;

    TestServer start() throws Exception {
        return OperatorAccountsTest.startWithAdmin(data);
    }

    static String post(TestServer pds, TestServer.Session s, String text) throws Exception {
        HttpResponse<String> r = pds.postJson("/xrpc/com.atproto.repo.createRecord", "{\"repo\":\"" + s.did()
                + "\",\"collection\":\"" + POSTS + "\",\"record\":{\"$type\":\"" + POSTS + "\",\"text\":\"" + text
                + "\",\"createdAt\":\"2026-12-06T20:00:00.000Z\"}}", s.accessJwt());
        assertEquals(200, r.statusCode(), r.body());
        return json(r).get("uri").asText();
    }

    static String recordTakedown(String uri, String cid, boolean applied, String ref) {
        return "{\"subject\":{\"$type\":\"com.atproto.repo.strongRef\",\"uri\":\"" + uri + "\",\"cid\":\"" + cid + "\"},"
                + "\"takedown\":{\"applied\":" + applied + (ref == null ? "" : ",\"ref\":\"" + ref + "\"") + "}}";
    }

    static String blobTakedown(String did, String cid, boolean applied) {
        return "{\"subject\":{\"$type\":\"com.atproto.admin.defs#repoBlobRef\",\"did\":\"" + did + "\",\"cid\":\"" + cid + "\"},"
                + "\"takedown\":{\"applied\":" + applied + "}}";
    }

    static String rkey(String uri) {
        return uri.substring(uri.lastIndexOf('/') + 1);
    }

    static HttpResponse<String> getRecord(TestServer pds, String did, String rkey) throws Exception {
        return pds.get("/xrpc/com.atproto.repo.getRecord?repo=" + did + "&collection=" + POSTS + "&rkey=" + rkey);
    }

    /** Every record key listRecords gives, following cursors one record at a time. */
    static List<String> listAll(TestServer pds, String did) throws Exception {
        List<String> rkeys = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 20; pages++) {
            JsonNode page = json(pds.get("/xrpc/com.atproto.repo.listRecords?repo=" + did + "&collection=" + POSTS
                    + "&limit=1" + (cursor == null ? "" : "&cursor=" + cursor)));
            page.get("records").forEach(r -> rkeys.add(rkey(r.get("uri").asText())));
            if (!page.has("cursor")) {
                return rkeys;
            }
            cursor = page.get("cursor").asText();
        }
        throw new AssertionError("listRecords never ended: " + rkeys);
    }

    @Test
    void aRecordTakenDownIsNotFoundOrListedUntilLifted() throws Exception {
        String did;
        String first;
        String second;
        String third;
        try (TestServer pds = start()) {
            TestServer.Session alice = pds.createAccount("alice");
            did = alice.did();
            first = post(pds, alice, "one");
            second = post(pds, alice, "two");
            third = post(pds, alice, "three");
            String cid = json(getRecord(pds, did, rkey(second))).get("cid").asText();

            HttpResponse<String> r = admin(pds, STATUS, recordTakedown(second, cid, true, "mod-42"), basic("admin", ADMIN));
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(second, json(r).at("/subject/uri").asText());

            assertError(getRecord(pds, did, rkey(second)), 400, "RecordNotFound");
            assertEquals(200, getRecord(pds, did, rkey(first)).statusCode());
            assertEquals(List.of(rkey(third), rkey(first)), listAll(pds, did), "the page cursor skips over it");
            JsonNode all = json(pds.get("/xrpc/com.atproto.repo.listRecords?repo=" + did + "&collection=" + POSTS));
            assertEquals(2, all.get("records").size(), all.toString());
            // the repository itself is unchanged: relays still get the record and its proof
            assertEquals(200, pds.http.send(pds.request("/xrpc/com.atproto.sync.getRecord?did=" + did + "&collection=" + POSTS
                    + "&rkey=" + rkey(second)).GET().build(), HttpResponse.BodyHandlers.ofByteArray()).statusCode());

            JsonNode status = json(subjectStatus(pds, "uri=" + second));
            assertEquals("com.atproto.repo.strongRef", status.at("/subject/$type").asText());
            assertEquals(cid, status.at("/subject/cid").asText());
            assertTrue(status.at("/takedown/applied").asBoolean(), status.toString());
            assertEquals("mod-42", status.at("/takedown/ref").asText());
            assertFalse(json(subjectStatus(pds, "uri=" + first)).at("/takedown/applied").asBoolean());
        }
        try (TestServer pds = start()) {
            assertError(getRecord(pds, did, rkey(second)), 400, "RecordNotFound");
            HttpResponse<String> r = admin(pds, STATUS, recordTakedown(second, "bafyreidfayvfuwqa7qlnopdjiqrxzs6blmoeu4rujcjtnci5beludirz2a",
                    false, null), basic("admin", ADMIN));
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(200, getRecord(pds, did, rkey(second)).statusCode());
            assertEquals(List.of(rkey(third), rkey(second), rkey(first)), listAll(pds, did));
            JsonNode status = json(subjectStatus(pds, "uri=" + second));
            assertFalse(status.at("/takedown/applied").asBoolean(), status.toString());
            assertTrue(status.at("/takedown/ref").isMissingNode(), status.toString());
        }
    }

    @Test
    void aTakedownOutlastsDeletingAndRecreatingTheRecord() throws Exception {
        try (TestServer pds = start()) {
            TestServer.Session alice = pds.createAccount("alice");
            String put = "{\"repo\":\"" + alice.did() + "\",\"collection\":\"app.bsky.actor.profile\",\"rkey\":\"self\","
                    + "\"record\":{\"$type\":\"app.bsky.actor.profile\",\"displayName\":\"A\"}}";
            HttpResponse<String> r = pds.postJson("/xrpc/com.atproto.repo.putRecord", put, alice.accessJwt());
            assertEquals(200, r.statusCode(), r.body());
            String uri = json(r).get("uri").asText();
            assertEquals(200, admin(pds, STATUS, recordTakedown(uri, json(r).get("cid").asText(), true, null),
                    basic("admin", ADMIN)).statusCode());
            String profile = "/xrpc/com.atproto.repo.getRecord?repo=" + alice.did() + "&collection=app.bsky.actor.profile&rkey=self";
            assertError(pds.get(profile), 400, "RecordNotFound");
            // without a ref the time it was applied stands for one, as on the reference
            assertTrue(json(subjectStatus(pds, "uri=" + uri)).at("/takedown/ref").asText().startsWith("20"));

            r = pds.postJson("/xrpc/com.atproto.repo.deleteRecord", "{\"repo\":\"" + alice.did()
                    + "\",\"collection\":\"app.bsky.actor.profile\",\"rkey\":\"self\"}", alice.accessJwt());
            assertEquals(200, r.statusCode(), r.body());
            assertError(subjectStatus(pds, "uri=" + uri), 400, "NotFound");
            assertEquals(200, pds.postJson("/xrpc/com.atproto.repo.putRecord", put, alice.accessJwt()).statusCode());
            assertError(pds.get(profile), 400, "RecordNotFound");

            // deleted again: a lift still clears the takedown, so the path is free when made anew
            assertEquals(200, pds.postJson("/xrpc/com.atproto.repo.deleteRecord", "{\"repo\":\"" + alice.did()
                    + "\",\"collection\":\"app.bsky.actor.profile\",\"rkey\":\"self\"}", alice.accessJwt()).statusCode());
            assertEquals(200, admin(pds, STATUS, recordTakedown(uri, "bafyreidfayvfuwqa7qlnopdjiqrxzs6blmoeu4rujcjtnci5beludirz2a",
                    false, null), basic("admin", ADMIN)).statusCode());
            assertEquals(200, pds.postJson("/xrpc/com.atproto.repo.putRecord", put, alice.accessJwt()).statusCode());
            assertEquals(200, pds.get(profile).statusCode());
        }
    }

    @Test
    void aRecordOrBlobNotStoredHereIsAnsweredButNothingIsKept() throws Exception {
        try (TestServer pds = start()) {
            TestServer.Session alice = pds.createAccount("alice");
            String later = "at://" + alice.did() + "/" + POSTS + "/3lbxyzxyzxy22";
            HttpResponse<String> r = admin(pds, STATUS, recordTakedown(later,
                    "bafyreidfayvfuwqa7qlnopdjiqrxzs6blmoeu4rujcjtnci5beludirz2a", true, "x"), basic("admin", ADMIN));
            assertEquals(200, r.statusCode(), r.body());
            assertError(subjectStatus(pds, "uri=" + later), 400, "NotFound");
            r = pds.postJson("/xrpc/com.atproto.repo.putRecord", "{\"repo\":\"" + alice.did() + "\",\"collection\":\"" + POSTS
                    + "\",\"rkey\":\"3lbxyzxyzxy22\",\"record\":{\"$type\":\"" + POSTS
                    + "\",\"text\":\"hi\",\"createdAt\":\"2026-12-06T20:00:00.000Z\"}}", alice.accessJwt());
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(200, getRecord(pds, alice.did(), "3lbxyzxyzxy22").statusCode(), "the earlier call kept nothing");

            String unknownBlob = "bafkreibme22gw2h7y2h7tg2fhqotaqjucnbc24deqo72b6mkl2egezxhvy";
            assertEquals(200, admin(pds, STATUS, blobTakedown(alice.did(), unknownBlob, true), basic("admin", ADMIN)).statusCode());
            assertError(subjectStatus(pds, "did=" + alice.did() + "&blob=" + unknownBlob), 400, "NotFound");
            assertError(subjectStatus(pds, "blob=" + unknownBlob), 400, "InvalidRequest");

            String notARecord = "{\"subject\":{\"$type\":\"com.atproto.repo.strongRef\",\"uri\":\"at://" + alice.did() + "/" + POSTS
                    + "\",\"cid\":\"bafyreidfayvfuwqa7qlnopdjiqrxzs6blmoeu4rujcjtnci5beludirz2a\"},\"takedown\":{\"applied\":true}}";
            assertError(admin(pds, STATUS, notARecord, basic("admin", ADMIN)), 400, "InvalidRequest");
            assertError(admin(pds, STATUS, recordTakedown("at://" + alice.did() + "/" + POSTS + "/3lbxyzxyzxy22",
                    "bafyreidfayvfuwqa7qlnopdjiqrxzs6blmoeu4rujcjtnci5beludirz2a", true, "x".repeat(1_025)), basic("admin", ADMIN)),
                    400, "InvalidRequest");
            assertEquals(200, getRecord(pds, alice.did(), "3lbxyzxyzxy22").statusCode(), "a refused call changes nothing");
            assertError(admin(pds, STATUS, blobTakedown(alice.did(), unknownBlob, true), null), 401, "AuthenticationRequired");
        }
    }

    @Test
    void aBlobTakenDownIsNotServedToAnyoneUntilLifted() throws Exception {
        try (TestServer pds = start()) {
            TestServer.Session alice = pds.createAccount("alice");
            byte[] png = new byte[2_000];
            new Random(11).nextBytes(png);
            byte[] head = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
            System.arraycopy(head, 0, png, 0, head.length);
            HttpResponse<String> up = pds.http.send(pds.request("/xrpc/com.atproto.repo.uploadBlob")
                    .header("Content-Type", "image/png").header("Authorization", "Bearer " + alice.accessJwt())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(png)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, up.statusCode(), up.body());
            JsonNode blob = json(up).get("blob");
            String cid = blob.at("/ref/$link").asText();
            HttpResponse<String> r = pds.postJson("/xrpc/com.atproto.repo.putRecord", "{\"repo\":\"" + alice.did()
                    + "\",\"collection\":\"app.bsky.actor.profile\",\"rkey\":\"self\",\"record\":{\"$type\":\"app.bsky.actor.profile\","
                    + "\"avatar\":" + blob + "}}", alice.accessJwt());
            assertEquals(200, r.statusCode(), r.body());
            String getBlob = "/xrpc/com.atproto.sync.getBlob?did=" + alice.did() + "&cid=" + cid;
            assertEquals(200, pds.get(getBlob).statusCode());
            assertFalse(json(subjectStatus(pds, "did=" + alice.did() + "&blob=" + cid)).at("/takedown/applied").asBoolean());

            r = admin(pds, STATUS, blobTakedown(alice.did(), cid, true), basic("admin", ADMIN));
            assertEquals(200, r.statusCode(), r.body());
            assertError(pds.get(getBlob), 400, "InvalidRequest");
            assertError(pds.get(getBlob, alice.accessJwt()), 400, "InvalidRequest");
            HttpResponse<String> asAdmin = pds.http.send(pds.request(getBlob).GET().header("Authorization", basic("admin", ADMIN)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertError(asAdmin, 400, "InvalidRequest");
            JsonNode status = json(subjectStatus(pds, "did=" + alice.did() + "&blob=" + cid));
            assertEquals("com.atproto.admin.defs#repoBlobRef", status.at("/subject/$type").asText());
            assertTrue(status.at("/takedown/applied").asBoolean(), status.toString());
            // the record that cites it is untouched
            assertEquals(200, pds.get("/xrpc/com.atproto.repo.getRecord?repo=" + alice.did()
                    + "&collection=app.bsky.actor.profile&rkey=self").statusCode());

            r = admin(pds, STATUS, blobTakedown(alice.did(), cid, false), basic("admin", ADMIN));
            assertEquals(200, r.statusCode(), r.body());
            HttpResponse<byte[]> bytes = pds.http.send(pds.request(getBlob).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, bytes.statusCode());
            assertEquals(png.length, bytes.body().length);
        }
    }

    @Test
    void anAccountTakedownKeepsItsReference() throws Exception {
        try (TestServer pds = start()) {
            TestServer.Session alice = pds.createAccount("alice");
            assertEquals(200, admin(pds, STATUS, OperatorAccountsTest.takedown(alice.did(), true), basic("admin", ADMIN)).statusCode());
            JsonNode status = json(subjectStatus(pds, "did=" + alice.did()));
            assertTrue(status.at("/takedown/applied").asBoolean(), status.toString());
            assertEquals("1733500000", status.at("/takedown/ref").asText());
            assertEquals(200, admin(pds, STATUS, OperatorAccountsTest.takedown(alice.did(), false), basic("admin", ADMIN)).statusCode());
            status = json(subjectStatus(pds, "did=" + alice.did()));
            assertFalse(status.at("/takedown/applied").asBoolean(), status.toString());
            assertTrue(status.at("/takedown/ref").isMissingNode(), status.toString());
        }
    }
}
