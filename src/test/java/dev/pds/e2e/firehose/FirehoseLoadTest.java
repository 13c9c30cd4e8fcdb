package dev.pds.e2e.firehose;

import static dev.pds.e2e.firehose.FirehoseChecks.checkCommit;
import static dev.pds.e2e.firehose.FirehoseChecks.didKey;
import static dev.pds.e2e.firehose.FirehoseChecks.post;
import static dev.pds.e2e.firehose.FirehoseChecks.write;
import static dev.pds.e2e.firehose.SubscribeReposTest.awaitCondition;
import static dev.pds.e2e.firehose.SubscribeReposTest.awaitSubscribers;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.core.events.FrameDecoder;
import dev.pds.core.events.StreamMessage;
import dev.pds.core.repo.WriteOp;
import dev.pds.core.store.AppliedCommit;
import dev.pds.e2e.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The firehose under concurrent writers, with a consumer that stops reading, and across a restart. */
class FirehoseLoadTest {
    static final String POST = "app.bsky.feed.post";

    @TempDir
    Path data;

    @Test
    void concurrentWritersGiveACompleteOrderedStream() throws Exception {
        try (TestServer pds = TestServer.start(data); FirehoseClient live = FirehoseClient.connect(pds.server.baseUri(), "")) {
            awaitSubscribers(pds, 1);
            List<String> dids = new ArrayList<>();
            Map<String, String> keys = new HashMap<>();
            for (String name : List.of("alice", "bob", "carol", "dave")) {
                String did = pds.createAccount(name).did();
                dids.add(did);
                keys.put(did, didKey(pds, did));
            }
            ConcurrentLinkedQueue<AppliedCommit> acked = new ConcurrentLinkedQueue<>();
            ExecutorService writers = Executors.newFixedThreadPool(8);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(writers.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        String did = dids.get((thread + i) % dids.size());
                        String rkey = String.format("3k%02d%09d", thread, i);
                        acked.add(write(pds, did, List.of(WriteOp.create(POST, rkey, post("t" + thread + " i" + i)))));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            writers.shutdown();
            int total = 4 * 4 + 200;
            List<byte[]> stream = live.next(total);
            assertNull(live.poll(300), "nothing beyond what was written");

            Map<Long, AppliedCommit> bySeq = new HashMap<>();
            acked.forEach(c -> bySeq.put(c.seq(), c));
            assertEquals(200, bySeq.size(), "every acknowledged commit has its own seq");
            Map<String, String> lastRev = new HashMap<>();
            int commits = 0;
            for (int i = 0; i < total; i++) {
                StreamMessage m = FrameDecoder.decode(stream.get(i));
                assertEquals(i + 1, m.seq(), "complete and in order");
                if (m instanceof StreamMessage.Commit c) {
                    checkCommit(stream.get(i), keys.get(c.repo()));
                    assertEquals(lastRev.get(c.repo()), c.since(), "each commit follows the repo's previous one");
                    lastRev.put(c.repo(), c.rev());
                    AppliedCommit a = bySeq.get(c.seq());
                    if (a != null) {
                        assertEquals(a.result().cid(), c.commit());
                        commits++;
                    }
                }
            }
            assertEquals(200, commits);
            try (FirehoseClient replay = FirehoseClient.connect(pds.server.baseUri(), "?cursor=0")) {
                List<byte[]> again = replay.next(total);
                for (int i = 0; i < total; i++) {
                    assertArrayEquals(stream.get(i), again.get(i));
                }
            }
        }
    }

    @Test
    void aConsumerThatStopsReadingIsCutOffWithoutSlowingWritersOrOthers() throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("PDS_DEV_MODE", "true", "PDS_INVITE_REQUIRED", "false",
                "PDS_MAX_SUBSCRIPTION_BUFFER", "100"));
        try (TestServer pds = TestServer.start(data, env, List.of(), List.of());
             FirehoseClient slow = FirehoseClient.connectPaused(pds.server.baseUri(), "");
             FirehoseClient fast = FirehoseClient.connect(pds.server.baseUri(), "")) {
            awaitSubscribers(pds, 2);
            String did = pds.createAccount("alice").did();
            String filler = "x".repeat(50_000);
            int commits = 400;
            long t0 = System.nanoTime();
            for (int i = 0; i < commits; i++) {
                write(pds, did, List.of(WriteOp.create(POST, String.format("3k%011d", i), post(filler + i))));
            }
            long writeMillis = (System.nanoTime() - t0) / 1_000_000;
            List<byte[]> all = fast.next(4 + commits);
            assertEquals(4 + commits, FrameDecoder.decode(all.get(all.size() - 1)).seq(), "the reading consumer got everything");
            awaitCondition(() -> pds.server.firehose().tooSlowCount() == 1);

            slow.resume();
            StreamMessage m;
            long seq = 0;
            while (!((m = FrameDecoder.decode(slow.next())) instanceof StreamMessage.Error)) {
                assertEquals(seq + 1, m.seq(), "what it did get was in order");
                seq = m.seq();
            }
            StreamMessage.Error e = (StreamMessage.Error) m;
            assertEquals("ConsumerTooSlow", e.error());
            assertEquals(1008, slow.awaitClose());
            assertTrue(seq < 4 + commits, "it was cut off before the end: " + seq);
            assertTrue(writeMillis < 60_000, "writes went on: " + writeMillis + " ms");
            awaitSubscribers(pds, 1);
        }
    }

    @Test
    void backfillInSmallPagesWhileWritesGoOnHasNoGapAndNoDuplicate() throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("PDS_DEV_MODE", "true", "PDS_INVITE_REQUIRED", "false",
                "PDS_FIREHOSE_BACKFILL_PAGE_EVENTS", "30"));
        String did;
        String filler = "y".repeat(50_000); // a page (30 frames) is over the 1 MB write buffer mark
        try (TestServer pds = TestServer.start(data, env, List.of(), List.of())) {
            did = pds.createAccount("alice").did();
            for (int i = 0; i < 80; i++) {
                write(pds, did, List.of(WriteOp.create(POST, String.format("3k%011d", i), post(filler + i))));
            }
        }
        // restarted, the server holds no recent frames in memory: catching up reads the log
        try (TestServer pds = TestServer.start(data, env, List.of(), List.of())) {
            try (FirehoseClient fast = FirehoseClient.connect(pds.server.baseUri(), "?cursor=0");
                 FirehoseClient paused = FirehoseClient.connectPaused(pds.server.baseUri(), "?cursor=0");
                 FirehoseClient middle = FirehoseClient.connect(pds.server.baseUri(), "?cursor=41")) {
                // more commits while they catch up: the hand-over from the log to live must not lose or repeat one
                Thread more = new Thread(() -> {
                    for (int i = 80; i < 120; i++) {
                        write(pds, did, List.of(WriteOp.create(POST, String.format("3k%011d", i), post(filler + i))));
                    }
                });
                more.start();
                Thread.sleep(300);
                paused.resume();
                more.join(60_000);
                int total = 4 + 120;
                List<byte[]> a = fast.next(total);
                List<byte[]> b = paused.next(total);
                List<byte[]> c = middle.next(total - 41);
                for (int i = 0; i < total; i++) {
                    assertEquals(i + 1, FrameDecoder.decode(a.get(i)).seq());
                    assertArrayEquals(a.get(i), b.get(i));
                    if (i >= 41) {
                        assertArrayEquals(a.get(i), c.get(i - 41));
                    }
                }
                assertNull(fast.poll(300));
                assertNull(paused.poll(0));
                assertNull(middle.poll(0));
                assertTrue(pds.server.firehose().backfilledCount() > 0, "the log was read, not only memory");
            }
        }
    }

    @Test
    void theLogSurvivesARestartAndTheSequenceContinues() throws Exception {
        List<byte[]> before;
        String did;
        try (TestServer pds = TestServer.start(data)) {
            did = pds.createAccount("alice").did();
            for (int i = 0; i < 5; i++) {
                write(pds, did, List.of(WriteOp.create(POST, String.format("3kaaaaaaaa%03d", i), post("p" + i))));
            }
            try (FirehoseClient c = FirehoseClient.connect(pds.server.baseUri(), "?cursor=0")) {
                before = c.next(9);
            }
        }
        try (TestServer pds = TestServer.start(data); FirehoseClient c = FirehoseClient.connect(pds.server.baseUri(), "?cursor=0")) {
            for (byte[] f : before) {
                assertArrayEquals(f, c.next());
            }
            AppliedCommit next = write(pds, did, List.of(WriteOp.create(POST, "3kaaaaaaab222", post("after restart"))));
            assertEquals(10, next.seq());
            StreamMessage.Commit m = checkCommit(c.next(), didKey(pds, did));
            assertEquals(10, m.seq());
            assertEquals(((StreamMessage.Commit) FrameDecoder.decode(before.get(8))).rev(), m.since());
        }
    }
}
