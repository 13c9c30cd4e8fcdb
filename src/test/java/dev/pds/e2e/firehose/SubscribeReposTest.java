package dev.pds.e2e.firehose;

import static dev.pds.e2e.firehose.FirehoseChecks.checkCommit;
import static dev.pds.e2e.firehose.FirehoseChecks.didKey;
import static dev.pds.e2e.firehose.FirehoseChecks.post;
import static dev.pds.e2e.firehose.FirehoseChecks.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pds.core.events.FrameDecoder;
import dev.pds.core.events.StreamMessage;
import dev.pds.core.repo.WriteAction;
import dev.pds.core.repo.WriteOp;
import dev.pds.core.store.AppliedCommit;
import dev.pds.e2e.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** com.atproto.sync.subscribeRepos over a real WebSocket against a started server. */
class SubscribeReposTest {
    static final String POST = "app.bsky.feed.post";

    @TempDir
    Path data;

    static TestServer start(Path data, Map<String, String> extra) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("PDS_DEV_MODE", "true", "PDS_INVITE_REQUIRED", "false"));
        env.putAll(extra);
        return TestServer.start(data, env, List.of(), List.of());
    }

    @Test
    void liveSubscriberSeesAccountCreationAndEveryCommitVerifiable() throws Exception {
        try (TestServer pds = TestServer.start(data); FirehoseClient live = FirehoseClient.connect(pds.server.baseUri(), "")) {
            awaitSubscribers(pds, 1);
            TestServer.Session alice = pds.createAccount("alice");
            String key = didKey(pds, alice.did());

            List<byte[]> creation = live.next(4);
            StreamMessage.Identity identity = assertInstanceOf(StreamMessage.Identity.class, FrameDecoder.decode(creation.get(0)));
            assertEquals(alice.did(), identity.did());
            assertEquals("alice.test", identity.handle());
            StreamMessage.Account account = assertInstanceOf(StreamMessage.Account.class, FrameDecoder.decode(creation.get(1)));
            assertTrue(account.active());
            assertNull(account.status());
            StreamMessage.Commit first = checkCommit(creation.get(2), key);
            assertNull(first.since());
            assertEquals(List.of(), first.ops());
            StreamMessage.Sync sync = assertInstanceOf(StreamMessage.Sync.class, FrameDecoder.decode(creation.get(3)));
            assertEquals(first.rev(), sync.rev());
            assertEquals(List.of(1L, 2L, 3L, 4L), creation.stream().map(f -> FrameDecoder.decode(f).seq()).toList());

            AppliedCommit c1 = write(pds, alice.did(), List.of(WriteOp.create(POST, "3kaaaaaaaaaa2", post("one")),
                    WriteOp.create(POST, "3kaaaaaaaaaa3", post("two"))));
            AppliedCommit c2 = write(pds, alice.did(), List.of(WriteOp.update(POST, "3kaaaaaaaaaa2", post("one, edited")),
                    WriteOp.delete(POST, "3kaaaaaaaaaa3")));
            StreamMessage.Commit m1 = checkCommit(live.next(), key);
            StreamMessage.Commit m2 = checkCommit(live.next(), key);
            assertEquals(c1.seq(), m1.seq());
            assertEquals(c1.result().cid(), m1.commit());
            assertEquals(first.rev(), m1.since());
            assertEquals(first.commit(), commitOf(sync));
            assertEquals(c2.result().cid(), m2.commit());
            assertEquals(m1.rev(), m2.since());
            assertEquals(List.of(WriteAction.UPDATE, WriteAction.DELETE), m2.ops().stream().map(o -> o.action()).toList());
            assertEquals(c2.result().prevData(), m2.prevData());
            assertNull(live.poll(300), "nothing else was logged");
        }
    }

    @Test
    void recordsWrittenOverXrpcReachTheStream() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            TestServer.Session alice = pds.createAccount("alice");
            String key = didKey(pds, alice.did());
            try (FirehoseClient live = FirehoseClient.connect(pds.server.baseUri(), "?cursor=4")) {
                HttpResponse<String> created = pds.postJson("/xrpc/com.atproto.repo.createRecord", "{\"repo\":\"" + alice.did()
                        + "\",\"collection\":\"app.bsky.feed.post\",\"record\":{\"$type\":\"app.bsky.feed.post\","
                        + "\"text\":\"hello\",\"createdAt\":\"2024-01-01T00:00:00.000Z\"}}", alice.accessJwt());
                assertEquals(200, created.statusCode(), created.body());
                var answer = new ObjectMapper().readTree(created.body());
                StreamMessage.Commit m = checkCommit(live.next(), key);
                assertEquals(5, m.seq());
                assertEquals(answer.get("commit").get("cid").asText(), m.commit().toString());
                assertEquals(answer.get("commit").get("rev").asText(), m.rev());
                assertEquals(answer.get("cid").asText(), m.ops().get(0).cid().toString());
                String rkey = answer.get("uri").asText().substring(answer.get("uri").asText().lastIndexOf('/') + 1);
                assertEquals("app.bsky.feed.post/" + rkey, m.ops().get(0).path());

                HttpResponse<String> deleted = pds.postJson("/xrpc/com.atproto.repo.deleteRecord", "{\"repo\":\"" + alice.did()
                        + "\",\"collection\":\"app.bsky.feed.post\",\"rkey\":\"" + rkey + "\"}", alice.accessJwt());
                assertEquals(200, deleted.statusCode(), deleted.body());
                StreamMessage.Commit d = checkCommit(live.next(), key);
                assertEquals(WriteAction.DELETE, d.ops().get(0).action());
                assertEquals(m.ops().get(0).cid(), d.ops().get(0).prev());
                assertEquals(m.rev(), d.since());
                // deleting what is gone changes nothing and logs nothing; a refused write logs nothing
                HttpResponse<String> again = pds.postJson("/xrpc/com.atproto.repo.deleteRecord", "{\"repo\":\"" + alice.did()
                        + "\",\"collection\":\"app.bsky.feed.post\",\"rkey\":\"" + rkey + "\"}", alice.accessJwt());
                assertEquals(200, again.statusCode(), again.body());
                HttpResponse<String> refused = pds.postJson("/xrpc/com.atproto.repo.createRecord", "{\"repo\":\"" + alice.did()
                        + "\",\"collection\":\"app.bsky.feed.post\",\"swapCommit\":\"" + m.commit() + "\",\"record\":"
                        + "{\"$type\":\"app.bsky.feed.post\",\"text\":\"x\",\"createdAt\":\"2024-01-01T00:00:00.000Z\"}}",
                        alice.accessJwt());
                assertEquals(400, refused.statusCode(), refused.body());
                assertNull(live.poll(300));
            }
        }
    }

    @Test
    void aBatchWritingOnePathTwiceSendsTheNetOpsOfAnInvertibleCommit() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            TestServer.Session alice = pds.createAccount("alice");
            String key = didKey(pds, alice.did());
            AppliedCommit before = write(pds, alice.did(), List.of(WriteOp.create(POST, "3kaaaaaaaaaa2", post("old"))));
            try (FirehoseClient live = FirehoseClient.connect(pds.server.baseUri(), "?cursor=" + before.seq())) {
                AppliedCommit c = write(pds, alice.did(), List.of(
                        WriteOp.create(POST, "3kaaaaaaaaaa3", post("brief")), WriteOp.delete(POST, "3kaaaaaaaaaa3"),
                        WriteOp.create(POST, "3kaaaaaaaaaa4", post("draft")), WriteOp.update(POST, "3kaaaaaaaaaa4", post("final")),
                        WriteOp.delete(POST, "3kaaaaaaaaaa2"), WriteOp.create(POST, "3kaaaaaaaaaa2", post("new"))));
                StreamMessage.Commit m = checkCommit(live.next(), key);
                assertEquals(c.seq(), m.seq());
                assertEquals(List.of(new dev.pds.core.repo.RepoOp(WriteAction.CREATE, POST + "/3kaaaaaaaaaa4",
                                dev.pds.core.data.DagCbor.cidOf(post("final")), null),
                        new dev.pds.core.repo.RepoOp(WriteAction.UPDATE, POST + "/3kaaaaaaaaaa2",
                                dev.pds.core.data.DagCbor.cidOf(post("new")), before.result().written().get(0))), m.ops());
                var blocks = dev.pds.core.car.CarReader.readAll(m.blocks(), dev.pds.core.car.CarLimits.DEFAULT).blocks();
                assertTrue(!blocks.contains(dev.pds.core.data.DagCbor.cidOf(post("brief")))
                        && !blocks.contains(dev.pds.core.data.DagCbor.cidOf(post("draft"))), "replaced records are not sent");
            }
        }
    }

    @Test
    void aSyncAnnouncementCarriesTheRepoCurrentSignedCommit() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            TestServer.Session alice = pds.createAccount("alice");
            AppliedCommit c = write(pds, alice.did(), List.of(WriteOp.create(POST, "3kaaaaaaaaaa2", post("one"))));
            var events = pds.server.context().events();
            var store = pds.server.context().store();
            try (FirehoseClient live = FirehoseClient.connect(pds.server.baseUri(), "?cursor=5")) {
                long seq = dev.pds.server.firehose.SyncAnnouncement.announce(store, events,
                        dev.pds.core.syntax.Did.parse(alice.did()));
                assertEquals(6, seq);
                StreamMessage.Sync sync = assertInstanceOf(StreamMessage.Sync.class, FrameDecoder.decode(live.next()));
                assertEquals(6, sync.seq());
                assertEquals(c.result().rev(), sync.rev());
                var car = dev.pds.core.car.CarReader.readAll(sync.blocks(), dev.pds.core.car.CarLimits.DEFAULT);
                assertEquals(c.result().cid(), car.root());
                assertTrue(dev.pds.core.repo.Commit.decode(car.blocks().get(car.root())).verify(didKey(pds, alice.did())));
            }
            var e = org.junit.jupiter.api.Assertions.assertThrows(dev.pds.core.error.XrpcException.class,
                    () -> dev.pds.server.firehose.SyncAnnouncement.announce(store, events,
                            dev.pds.core.syntax.Did.parse("did:plc:aaaaaaaaaaaaaaaaaaaaaaaa")));
            assertEquals("RepoNotFound", e.error());
            assertEquals(6, store.log().lastSeq(), "nothing logged for a missing repo");
        }
    }

    @Test
    void replayFromACursorIsByteIdenticalAndContinuesLiveWithoutGapOrDuplicate() throws Exception {
        try (TestServer pds = TestServer.start(data); FirehoseClient live = FirehoseClient.connect(pds.server.baseUri(), "")) {
            awaitSubscribers(pds, 1);
            TestServer.Session alice = pds.createAccount("alice");
            for (int i = 0; i < 10; i++) {
                write(pds, alice.did(), List.of(WriteOp.create(POST, String.format("3kaaaaaaaa%03d", i), post("p" + i))));
            }
            List<byte[]> seen = live.next(14);

            try (FirehoseClient all = FirehoseClient.connect(pds.server.baseUri(), "?cursor=0");
                 FirehoseClient tail = FirehoseClient.connect(pds.server.baseUri(), "?cursor=9")) {
                List<byte[]> replay = all.next(14);
                for (int i = 0; i < 14; i++) {
                    assertArrayEquals(seen.get(i), replay.get(i), "frame " + (i + 1));
                }
                List<byte[]> fromNine = tail.next(5);
                for (int i = 0; i < 5; i++) {
                    assertArrayEquals(seen.get(9 + i), fromNine.get(i));
                }
                // both continue live, in order, once each
                write(pds, alice.did(), List.of(WriteOp.create(POST, "3kaaaaaaaaz22", post("after"))));
                byte[] next = live.next();
                assertEquals(15, FrameDecoder.decode(next).seq());
                assertArrayEquals(next, all.next());
                assertArrayEquals(next, tail.next());
                assertNull(all.poll(200));
                assertNull(tail.poll(0));
            }
            // a cursor at the newest event: nothing to replay, then live
            try (FirehoseClient atHead = FirehoseClient.connect(pds.server.baseUri(), "?cursor=15")) {
                assertNull(atHead.poll(300));
                write(pds, alice.did(), List.of(WriteOp.create(POST, "3kaaaaaaaaz23", post("later"))));
                assertEquals(16, FrameDecoder.decode(atHead.next()).seq());
            }
        }
    }

    @Test
    void aCursorInTheFutureGetsFutureCursorAndAPolicyClose() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            pds.createAccount("alice");
            try (FirehoseClient c = FirehoseClient.connect(pds.server.baseUri(), "?cursor=5")) {
                StreamMessage.Error e = assertInstanceOf(StreamMessage.Error.class, FrameDecoder.decode(c.next()));
                assertEquals("FutureCursor", e.error());
                assertEquals(1008, c.awaitClose());
                assertEquals("FutureCursor", c.closeReason);
            }
            // the newest seq itself is fine
            try (FirehoseClient c = FirehoseClient.connect(pds.server.baseUri(), "?cursor=4")) {
                assertNull(c.poll(300));
            }
        }
    }

    @Test
    void badCursorsGetAnInvalidRequestErrorFrame() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            for (String q : List.of("?cursor=abc", "?cursor=-1", "?cursor=1&cursor=2", "?cursor=99999999999999999999")) {
                try (FirehoseClient c = FirehoseClient.connect(pds.server.baseUri(), q)) {
                    StreamMessage.Error e = assertInstanceOf(StreamMessage.Error.class, FrameDecoder.decode(c.next()));
                    assertEquals("InvalidRequest", e.error(), q);
                    assertEquals(1008, c.awaitClose());
                }
            }
        }
    }

    @Test
    void plainHttpGetsAnXrpcError() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            HttpResponse<String> r = pds.get("/xrpc/com.atproto.sync.subscribeRepos");
            assertEquals(400, r.statusCode());
            assertEquals("InvalidRequest", new ObjectMapper().readTree(r.body()).get("error").asText());
            // other routes on the same port still work
            assertEquals(200, pds.get("/xrpc/_health").statusCode());
        }
    }

    @Test
    void aCursorOlderThanTheLogGetsOutdatedCursorThenTheOldestKept() throws Exception {
        try (TestServer pds = start(data, Map.of("PDS_FIREHOSE_MAX_EVENTS", "5"))) {
            TestServer.Session alice = pds.createAccount("alice");
            for (int i = 0; i < 6; i++) {
                write(pds, alice.did(), List.of(WriteOp.create(POST, String.format("3kaaaaaaaa%03d", i), post("p" + i))));
            }
            awaitCondition(() -> pds.server.context().store().log().lastSeq() == 10);
            pds.server.firehose().pruneNow();
            assertEquals(6, pds.server.context().store().log().firstEventSeq().getAsLong());
            try (FirehoseClient c = FirehoseClient.connect(pds.server.baseUri(), "?cursor=2")) {
                StreamMessage.Info info = assertInstanceOf(StreamMessage.Info.class, FrameDecoder.decode(c.next()));
                assertEquals("OutdatedCursor", info.name());
                List<Long> seqs = new ArrayList<>();
                for (byte[] f : c.next(5)) {
                    seqs.add(FrameDecoder.decode(f).seq());
                }
                assertEquals(List.of(6L, 7L, 8L, 9L, 10L), seqs);
            }
            // a cursor just below the oldest kept event has missed nothing
            try (FirehoseClient c = FirehoseClient.connect(pds.server.baseUri(), "?cursor=5")) {
                assertEquals(6, FrameDecoder.decode(c.next()).seq());
            }
        }
    }

    @Test
    void subscribersArePingedAndStayOpenWhileTheyAnswer() throws Exception {
        try (TestServer pds = start(data, Map.of("PDS_FIREHOSE_PING_SECONDS", "1"));
             FirehoseClient c = FirehoseClient.connect(pds.server.baseUri(), "")) {
            awaitSubscribers(pds, 1);
            Thread.sleep(4_500);
            assertTrue(c.pings.get() >= 3, "pinged " + c.pings.get() + " times");
            assertTrue(!c.closed.isDone(), "pongs keep the subscription open past three intervals");
            assertEquals(1, pds.server.firehose().subscriberCount());
        }
    }

    @Test
    void shutdownClosesSubscribersWithGoingAway() throws Exception {
        TestServer pds = TestServer.start(data);
        try (FirehoseClient c = FirehoseClient.connect(pds.server.baseUri(), "")) {
            awaitSubscribers(pds, 1);
            pds.close();
            assertEquals(1001, c.awaitClose());
        } finally {
            pds.close();
        }
    }

    @Test
    void relaysInPdsCrawlersAreAskedToCrawlAtStartup() throws Exception {
        java.util.concurrent.BlockingQueue<String> asked = new java.util.concurrent.LinkedBlockingQueue<>();
        com.sun.net.httpserver.HttpServer relay = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        relay.createContext("/xrpc/com.atproto.sync.requestCrawl", exchange -> {
            asked.add(new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        relay.start();
        try (TestServer pds = start(data, Map.of("PDS_CRAWLERS", "http://127.0.0.1:" + relay.getAddress().getPort(),
                "PDS_HOSTNAME", "pds.example.com", "PDS_DID_PLC_URL", "http://127.0.0.1:1"))) {
            assertEquals("{\"hostname\":\"pds.example.com\"}", asked.poll(10, java.util.concurrent.TimeUnit.SECONDS));
            // activity right after does not ask again before the 20-minute interval
            pds.server.context().store().logEvents(List.of(new dev.pds.core.events.FirehoseEvents(
                    dev.pds.core.events.EventClock.system()).identity(dev.pds.core.syntax.Did.parse("did:plc:aaaaaaaaaaaaaaaaaaaaaaaa"), null))).join();
            assertNull(asked.poll(500, java.util.concurrent.TimeUnit.MILLISECONDS));
        } finally {
            relay.stop(0);
        }
    }

    static dev.pds.core.data.Cid commitOf(StreamMessage.Sync sync) {
        return dev.pds.core.car.CarReader.readAll(sync.blocks(), dev.pds.core.car.CarLimits.DEFAULT).root();
    }

    static void awaitSubscribers(TestServer pds, int n) throws InterruptedException {
        awaitCondition(() -> pds.server.firehose().subscriberCount() == n);
    }

    static void awaitCondition(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(10);
        }
    }
}
