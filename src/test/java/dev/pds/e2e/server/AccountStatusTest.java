package dev.pds.e2e.server;

import static dev.pds.e2e.server.AccountsAndSessionsTest.assertError;
import static dev.pds.e2e.server.AccountsAndSessionsTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pds.core.car.CarLimits;
import dev.pds.core.car.CarReader;
import dev.pds.core.events.FrameDecoder;
import dev.pds.core.events.StreamMessage;
import dev.pds.core.plc.PlcOperation;
import dev.pds.core.plc.PlcSignatures;
import dev.pds.core.store.RepoHead;
import dev.pds.core.store.StoredEvent;
import dev.pds.core.syntax.Did;
import dev.pds.e2e.TestServer;
import dev.pds.server.AppContext;
import dev.pds.server.account.Account;
import dev.pds.server.account.AccountStatus;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** checkAccountStatus, deactivateAccount and activateAccount, with the #account events they log. */
class AccountStatusTest {
    static final String STATUS = "/xrpc/com.atproto.server.checkAccountStatus";
    static final String DEACTIVATE = "/xrpc/com.atproto.server.deactivateAccount";
    static final String ACTIVATE = "/xrpc/com.atproto.server.activateAccount";
    static final String CREATE_RECORD = "/xrpc/com.atproto.repo.createRecord";
    static final String GET_REPO = "/xrpc/com.atproto.sync.getRepo";

    @TempDir
    Path data;

    /** getAccountInfo as the operator reads it. */
    static JsonNode adminInfo(TestServer pds, String did) throws Exception {
        String basic = java.util.Base64.getEncoder().encodeToString(("admin:" + pds.server.context().config().secrets().adminPassword())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        HttpResponse<String> r = pds.http.send(pds.request("/xrpc/com.atproto.admin.getAccountInfo?did=" + did)
                .header("authorization", "Basic " + basic).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return json(r);
    }

    static void post(TestServer pds, TestServer.Session s, String text) throws Exception {
        HttpResponse<String> r = pds.postJson(CREATE_RECORD, "{\"repo\":\"" + s.did() + "\",\"collection\":\"app.bsky.feed.post\","
                + "\"record\":{\"$type\":\"app.bsky.feed.post\",\"text\":\"" + text + "\",\"createdAt\":\"2024-01-01T00:00:00.000Z\"}}",
                s.accessJwt());
        assertEquals(200, r.statusCode(), r.body());
    }

    static List<StreamMessage> eventsAfter(TestServer pds, long seq) {
        return pds.server.context().store().log().events(seq, 1000).stream().map(StoredEvent::frame).map(FrameDecoder::decode).toList();
    }

    @Test
    void theStatusCountsWhatTheRepoHolds() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            TestServer.Session alice = pds.createAccount("alice");
            for (int i = 0; i < 12; i++) {
                post(pds, alice, "post " + i);
            }
            post(pds, alice, "post 0"); // the same record twice: one block for both
            HttpResponse<String> r = pds.get(STATUS, alice.accessJwt());
            assertEquals(200, r.statusCode(), r.body());
            JsonNode status = json(r);
            RepoHead head = pds.server.context().store().head(Did.parse(alice.did())).orElseThrow();
            assertTrue(status.get("activated").asBoolean());
            assertTrue(status.get("validDid").asBoolean());
            assertEquals(head.commit().toString(), status.get("repoCommit").asText());
            assertEquals(head.rev(), status.get("repoRev").asText());
            assertEquals(13, status.get("indexedRecords").asInt());
            // the export holds every block of the repo once: the commit, the tree's nodes and the records
            byte[] car = pds.http.send(pds.request(GET_REPO + "?did=" + alice.did()).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body();
            int exported = CarReader.readAll(car, CarLimits.DEFAULT).blocks().size();
            assertEquals(exported, status.get("repoBlocks").asInt());
            assertTrue(exported >= 1 + 1 + 12, "commit, at least one node, twelve distinct records: " + exported);
            assertEquals(0, status.get("privateStateValues").asInt());
            assertTrue(status.has("expectedBlobs") && status.has("importedBlobs"));
        }
    }

    @Test
    void aDidDocumentThatNoLongerPointsHereIsNotValid() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            TestServer.Session alice = pds.createAccount("alice");
            AppContext context = pds.server.context();
            // the account moves its PDS endpoint elsewhere (an update signed with our rotation key)
            PlcOperation moved = PlcOperation.following(context.plc().getLastOp(alice.did()))
                    .withPds("https://elsewhere.example.com");
            context.plc().submit(alice.did(), PlcSignatures.sign(moved, context.plcRotationKey()));

            assertFalse(json(pds.get(STATUS, alice.accessJwt())).get("validDid").asBoolean());
            assertEquals(200, pds.postJson(DEACTIVATE, "{}", alice.accessJwt()).statusCode());
            HttpResponse<String> refused = pds.postJson(ACTIVATE, "", alice.accessJwt());
            assertError(refused, 400, "InvalidRequest");
            assertTrue(json(refused).get("message").asText().contains("service endpoint"), refused.body());
            assertEquals(AccountStatus.DEACTIVATED, context.accounts().byDid(Did.parse(alice.did())).orElseThrow().status());
        }
    }

    @Test
    void deactivationStopsServingAndActivationResumesWithTheirEvents() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            TestServer.Session alice = pds.createAccount("alice");
            post(pds, alice, "before");
            long seq = pds.server.context().store().log().lastSeq();

            HttpResponse<String> off = pds.postJson(DEACTIVATE, "{\"deleteAfter\":\"2030-01-01T00:00:00.000Z\"}", alice.accessJwt());
            assertEquals(200, off.statusCode(), off.body());
            List<StreamMessage> events = eventsAfter(pds, seq);
            assertEquals(1, events.size());
            StreamMessage.Account account = assertInstanceOf(StreamMessage.Account.class, events.get(0));
            assertEquals(alice.did(), account.did());
            assertFalse(account.active());
            assertEquals("deactivated", account.status());

            JsonNode status = json(pds.get(STATUS, alice.accessJwt()));
            assertFalse(status.get("activated").asBoolean());
            JsonNode session = json(pds.get("/xrpc/com.atproto.server.getSession", alice.accessJwt()));
            assertFalse(session.get("active").asBoolean(), "the account may still log in, to reactivate");
            assertEquals("deactivated", session.get("status").asText());
            assertError(pds.get(GET_REPO + "?did=" + alice.did()), 400, "RepoDeactivated");
            HttpResponse<String> write = pds.postJson(CREATE_RECORD, "{\"repo\":\"" + alice.did() + "\",\"collection\":"
                    + "\"app.bsky.feed.post\",\"record\":{\"text\":\"x\",\"createdAt\":\"2024-01-01T00:00:00.000Z\"}}",
                    alice.accessJwt());
            assertError(write, 401, "AccountDeactivated");
            String deactivatedAt = adminInfo(pds, alice.did()).get("deactivatedAt").asText();
            assertTrue(java.time.Duration.between(java.time.Instant.parse(deactivatedAt), java.time.Instant.now()).toMinutes() < 5,
                    "getAccountInfo says when: " + deactivatedAt);

            seq = pds.server.context().store().log().lastSeq();
            HttpResponse<String> on = pds.postJson(ACTIVATE, "", alice.accessJwt());
            assertEquals(200, on.statusCode(), on.body());
            events = eventsAfter(pds, seq);
            assertEquals(3, events.size(), events.toString());
            StreamMessage.Account active = assertInstanceOf(StreamMessage.Account.class, events.get(0));
            assertTrue(active.active());
            assertEquals(null, active.status());
            assertEquals("alice.test", assertInstanceOf(StreamMessage.Identity.class, events.get(1)).handle());
            StreamMessage.Sync sync = assertInstanceOf(StreamMessage.Sync.class, events.get(2));
            RepoHead head = pds.server.context().store().head(Did.parse(alice.did())).orElseThrow();
            assertEquals(head.rev(), sync.rev());
            assertEquals(head.commit(), CarReader.readAll(sync.blocks(), CarLimits.DEFAULT).root());

            assertTrue(json(pds.get(STATUS, alice.accessJwt())).get("activated").asBoolean());
            assertFalse(adminInfo(pds, alice.did()).has("deactivatedAt"), "active again");
            assertEquals(200, pds.get(GET_REPO + "?did=" + alice.did()).statusCode());
            post(pds, alice, "after");
        }
    }

    @Test
    void onlyFullSessionsChangeTheStatusAndAnyMayAskIt() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            TestServer.Session alice = pds.createAccount("alice");
            String password = json(pds.postJson("/xrpc/com.atproto.server.createAppPassword", "{\"name\":\"p\",\"privileged\":true}",
                    alice.accessJwt())).get("password").asText();
            String app = json(pds.postJson("/xrpc/com.atproto.server.createSession",
                    "{\"identifier\":\"alice.test\",\"password\":\"" + password + "\"}")).get("accessJwt").asText();
            assertEquals(200, pds.get(STATUS, app).statusCode());
            assertError(pds.postJson(DEACTIVATE, "{}", app), 400, "InvalidToken");
            assertError(pds.postJson(ACTIVATE, "", app), 400, "InvalidToken");
            assertError(pds.postJson(DEACTIVATE, "{}", null), 401, "AuthMissing");
            assertError(pds.postJson(ACTIVATE, "", null), 401, "AuthMissing");
            assertError(pds.get(STATUS, null), 401, "AuthMissing");
            assertError(pds.get(STATUS, alice.refreshJwt()), 400, "InvalidToken");
            assertError(pds.postJson(DEACTIVATE, "{\"deleteAfter\":\"tomorrow\"}", alice.accessJwt()), 400, "InvalidRequest");
            assertTrue(pds.server.context().accounts().byDid(Did.parse(alice.did())).orElseThrow().status().isActive());
        }
    }

    @Test
    void aTakenDownAccountCannotReactivateItself() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            TestServer.Session alice = pds.createAccount("alice");
            AppContext context = pds.server.context();
            Account a = context.accounts().byDid(Did.parse(alice.did())).orElseThrow();
            context.store().writeTables(context.accounts().update(a, a.withStatus(AccountStatus.TAKENDOWN)), List.of()).join();
            // its old full session still passes the scope check; the status check refuses
            assertError(pds.postJson(ACTIVATE, "", alice.accessJwt()), 401, "AccountTakedown");
            assertEquals(200, pds.postJson(DEACTIVATE, "{}", alice.accessJwt()).statusCode());
            assertEquals(AccountStatus.TAKENDOWN, context.accounts().byDid(Did.parse(alice.did())).orElseThrow().status(),
                    "taken down stays taken down");
        }
    }
}
