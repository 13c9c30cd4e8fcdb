package dev.pds.e2e.firehose;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pds.core.store.StoredEvent;
import dev.pds.e2e.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An account deleted for good leaves the stream, as with the reference: its earlier events are
 * erased from the log and from the frames held in memory, all but the {@code #account} event
 * saying it was deleted. Subscribers, live or replaying, skip the holes without a
 * ConsumerTooSlow or an OutdatedCursor, and other accounts' events are untouched.
 */
class AccountErasureTest {
    private static final String ADMIN_PASSWORD = "admin-pass-for-erasure-tests";
    private static final Map<String, String> ENV = Map.of("PDS_DEV_MODE", "true", "PDS_INVITE_REQUIRED", "false",
            "PDS_ADMIN_PASSWORD", ADMIN_PASSWORD);

    @TempDir
    Path data;
    TestServer pds;

    @AfterEach
    void stop() {
        if (pds != null) {
            pds.close();
        }
    }

    @Test
    void aDeletedAccountsEventsLeaveTheLogAndMemoryButTheDeletionNotice() throws Exception {
        pds = TestServer.start(data, ENV, List.of(), List.of());
        TestServer.Session alice = pds.createAccount("alice");
        TestServer.Session bob = pds.createAccount("bob");
        for (int i = 0; i < 3; i++) {
            post(alice, "alice " + i);
            post(bob, "bob " + i);
        }
        long beforeDeletion = pds.server.context().store().log().lastSeq();
        try (FirehoseClient live = FirehoseClient.connect(pds.server.baseUri(), "")) {
            HttpResponse<String> deleted = deleteAccount(alice.did());
            assertEquals(200, deleted.statusCode(), deleted.body());
            post(bob, "bob after");

            // the live subscriber goes on: the deletion notice, then bob's write
            JsonNode[] notice = FirehoseChecks.independent(live.next());
            assertEquals("#account", notice[0].path("t").asText());
            assertEquals(alice.did(), notice[1].path("did").asText());
            assertEquals("deleted", notice[1].path("status").asText());
            JsonNode[] after = FirehoseChecks.independent(live.next());
            assertEquals("#commit", after[0].path("t").asText());
            assertEquals(bob.did(), after[1].path("repo").asText());
            assertFalse(live.closed.isDone(), "the live subscriber is still connected");
        }

        // a replay from the start, served from the frames in memory
        List<byte[]> fromMemory = replayAll();
        checkErased(fromMemory, alice.did(), bob.did());
        List<StoredEvent> logged = pds.server.context().store().log().events(0, 100_000);
        assertEquals(fromMemory.size(), logged.size());
        assertTrue(logged.get(logged.size() - 1).seq() > beforeDeletion);
        for (int i = 0; i < logged.size(); i++) {
            assertArrayEquals(logged.get(i).frame(), fromMemory.get(i), "frame " + i + " as logged");
        }

        // after a restart nothing is in memory: the same replay, read from the log with its holes
        pds.close();
        pds = TestServer.start(data, ENV, List.of(), List.of());
        List<byte[]> fromLog = replayAll();
        assertEquals(fromMemory.size(), fromLog.size());
        for (int i = 0; i < fromLog.size(); i++) {
            assertArrayEquals(fromMemory.get(i), fromLog.get(i), "frame " + i + " after the restart");
        }
    }

    @Test
    void aRepeatedDeletionErasesNothingMoreAndKeepsTheNotice() throws Exception {
        pds = TestServer.start(data, ENV, List.of(), List.of());
        TestServer.Session alice = pds.createAccount("alice");
        TestServer.Session bob = pds.createAccount("bob");
        post(alice, "hello");
        post(bob, "hi");
        assertEquals(200, deleteAccount(alice.did()).statusCode());
        List<StoredEvent> once = pds.server.context().store().log().events(0, 100_000);
        assertEquals(200, deleteAccount(alice.did()).statusCode());
        List<StoredEvent> twice = pds.server.context().store().log().events(0, 100_000);
        assertEquals(once.size(), twice.size());
        checkErased(replayAll(), alice.did(), bob.did());
    }

    /** Only the deletion notice is left of {@code gone}; {@code kept}'s events are all there, in order. */
    private void checkErased(List<byte[]> frames, String gone, String kept) throws Exception {
        List<String> goneKinds = new ArrayList<>();
        int keptCommits = 0;
        long lastSeq = 0;
        for (byte[] f : frames) {
            JsonNode[] j = FirehoseChecks.independent(f);
            String type = j[0].path("t").asText();
            assertFalse("#info".equals(type), "no info frame (OutdatedCursor) for erased events: " + j[1]);
            long seq = j[1].path("seq").asLong();
            assertTrue(seq > lastSeq, "sequence numbers still only increase");
            lastSeq = seq;
            String subject = "#commit".equals(type) ? j[1].path("repo").asText() : j[1].path("did").asText();
            if (gone.equals(subject)) {
                goneKinds.add(type + " " + j[1].path("status").asText());
            }
            if (kept.equals(subject) && "#commit".equals(type)) {
                keptCommits++;
            }
        }
        assertEquals(List.of("#account deleted"), goneKinds, "what is left of the deleted account");
        assertTrue(keptCommits >= 2, "the other account's commits are all there: " + keptCommits);
    }

    /** Every frame from cursor 0 up to the end of the log. */
    private List<byte[]> replayAll() throws Exception {
        long end = pds.server.context().store().log().lastSeq();
        List<byte[]> out = new ArrayList<>();
        try (FirehoseClient c = FirehoseClient.connect(pds.server.baseUri(), "?cursor=0")) {
            while (true) {
                byte[] f = c.next();
                out.add(f);
                if (FirehoseChecks.independent(f)[1].path("seq").asLong() >= end) {
                    break;
                }
            }
            assertNull(c.poll(300), "nothing after the end of the log");
        }
        return out;
    }

    private void post(TestServer.Session who, String text) throws Exception {
        HttpResponse<String> r = pds.postJson("/xrpc/com.atproto.repo.createRecord", "{\"repo\":\"" + who.did()
                + "\",\"collection\":\"app.bsky.feed.post\",\"record\":{\"$type\":\"app.bsky.feed.post\",\"text\":\""
                + text + "\",\"createdAt\":\"2026-11-22T00:00:00.000Z\"}}", who.accessJwt());
        assertEquals(200, r.statusCode(), r.body());
    }

    private HttpResponse<String> deleteAccount(String did) throws Exception {
        String basic = Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
        return pds.http.send(pds.request("/xrpc/com.atproto.admin.deleteAccount").header("Content-Type", "application/json")
                .header("Authorization", "Basic " + basic).POST(HttpRequest.BodyPublishers.ofString("{\"did\":\"" + did + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
