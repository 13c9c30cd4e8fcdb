package dev.pds.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.core.data.Cid;
import dev.pds.core.data.DataLink;
import dev.pds.core.data.DataMap;
import dev.pds.core.error.XrpcException;
import dev.pds.core.repo.WriteOp;
import dev.pds.core.syntax.Did;
import dev.pds.crypto.Curve;
import dev.pds.crypto.Keypair;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RepoStore#applyWritesAndWait}: the waiting caller writes its own group when the store is
 * idle, and otherwise leaves it to the leader of the moment; either way the commits keep one
 * gap-free order, each repo's in the order they were made, swapCommit checks stay exact, and
 * nothing accepted is lost or written after close.
 */
class CallerLedWritesTest {
    static final String POST = "app.bsky.feed.post";
    static final Keypair KEY = Keypair.generate(Curve.K256);

    @TempDir
    Path dir;

    static Did did(int i) {
        return Did.parse("did:plc:callerled" + (char) ('a' + i) + "aaaaaaaaaaaaaa");
    }

    static List<WriteOp> post(String rkey) {
        return List.of(WriteOp.create(POST, rkey, RepoLayerStoreTest.post("text " + rkey)));
    }

    static CommitEvents events(Did did) {
        return r -> List.of(ToyRepo.event(did.toString(), r.rev(), r.cid()));
    }

    @Test
    void anIdleStoreIsWrittenByTheCallerItself() {
        Did did = did(0);
        try (RepoStore store = RepoStore.open(dir, StoreConfig.defaults())) {
            store.createRepo(did, KEY, CommitEvents.NONE).join();
            AtomicReference<Thread> framedOn = new AtomicReference<>();
            CommitEvents recording = r -> List.of(seq -> {
                framedOn.set(Thread.currentThread());
                return ToyRepo.event(did.toString(), r.rev(), r.cid()).frame(seq);
            });
            // the sequencer thread may still pick up a write now and then (it was just woken,
            // or its idle timer fired): most, not all, must be written by the caller
            int byCaller = 0;
            for (int i = 0; i < 20; i++) {
                AppliedCommit c = store.applyWritesAndWait(did, post("a" + i), null, KEY, recording, CommitTableWrites.NONE);
                if (framedOn.get() == Thread.currentThread()) {
                    byCaller++;
                }
                assertEquals(i + 1, c.seq());
                assertEquals(c.result().cid(), store.head(did).orElseThrow().commit(), "durable and readable on return");
            }
            assertTrue(byCaller >= 15, "groups written on the caller's thread: " + byCaller + " of 20");
            // the futures API always hands the write to the sequencer thread
            store.applyWrites(did, post("b"), null, KEY, recording).join();
            assertNotEquals(Thread.currentThread(), framedOn.get());
        }
    }

    @Test
    void concurrentWaitingAndQueuedWritersKeepOneGapFreeOrder() throws Exception {
        int repos = 4;
        int threads = 8;
        int perThread = 40;
        List<AppliedCommit> done = Collections.synchronizedList(new ArrayList<>());
        List<Cid> firsts = new ArrayList<>();
        try (RepoStore store = RepoStore.open(dir, StoreConfig.defaults())) {
            for (int r = 0; r < repos; r++) {
                firsts.add(store.createRepo(did(r), KEY, CommitEvents.NONE).join().result().cid());
            }
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> jobs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                // two threads per repo; odd threads mix in futures (sequencer thread) and table writes
                jobs.add(pool.submit(() -> {
                    start.await();
                    Did did = did(thread % repos);
                    for (int i = 0; i < perThread; i++) {
                        String rkey = "t" + thread + "n" + i;
                        if (thread % 2 == 1 && i % 3 == 0) {
                            done.add(store.applyWrites(did, post(rkey), null, KEY, events(did)).join());
                            store.writeTables(TableWrites.create().put(Table.PREFERENCES, bytes(rkey), bytes("v")), List.of()).join();
                        } else {
                            done.add(store.applyWritesAndWait(did, post(rkey), null, KEY, events(did), CommitTableWrites.NONE));
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> j : jobs) {
                j.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();

            int n = threads * perThread;
            assertEquals(n, done.size());
            List<Long> seqs = done.stream().map(AppliedCommit::seq).sorted().toList();
            for (int i = 0; i < n; i++) {
                assertEquals(i + 1L, seqs.get(i), "seqs 1..n without gap or repeat");
            }
            List<StoredEvent> events = store.log().events(0, 10_000);
            assertEquals(n, events.size());
            for (int r = 0; r < repos; r++) {
                // walking the log, each repo's commits form one chain in rev order, ending at its head
                String d = did(r).toString();
                String lastRev = "";
                int count = 0;
                for (StoredEvent e : events) {
                    DataMap ev = ToyRepo.decodeEvent(e.frame());
                    if (ev.getString("repo").equals(d)) {
                        assertTrue(ev.getString("rev").compareTo(lastRev) > 0, "revs rise in log order");
                        lastRev = ev.getString("rev");
                        count++;
                    }
                }
                assertEquals(2 * perThread, count);
                assertEquals(lastRev, store.head(did(r)).orElseThrow().rev());
                assertEquals(2 * perThread, store.records().listRecords(did(r), dev.pds.core.syntax.Nsid.parse(POST), 1000, null, false).records().size());
            }
        }
        try (RepoStore reopened = RepoStore.open(dir, StoreConfig.defaults())) {
            assertEquals(threads * perThread, reopened.log().lastSeq(), "every acknowledged commit survived");
        }
    }

    @Test
    void racingSwapsOnOneHeadLetExactlyOneCommitThrough() throws Exception {
        Did did = did(1);
        try (RepoStore store = RepoStore.open(dir, StoreConfig.defaults())) {
            store.createRepo(did, KEY, CommitEvents.NONE).join();
            ExecutorService pool = Executors.newFixedThreadPool(6);
            for (int round = 0; round < 10; round++) {
                Cid head = store.head(did).orElseThrow().commit();
                CountDownLatch start = new CountDownLatch(1);
                AtomicInteger won = new AtomicInteger();
                AtomicInteger swapped = new AtomicInteger();
                List<Future<?>> jobs = new ArrayList<>();
                for (int t = 0; t < 6; t++) {
                    String rkey = "r" + round + "t" + t;
                    jobs.add(pool.submit(() -> {
                        start.await();
                        try {
                            AppliedCommit c = store.applyWritesAndWait(did, post(rkey), head, KEY, events(did), CommitTableWrites.NONE);
                            won.incrementAndGet();
                        } catch (XrpcException e) {
                            assertEquals("InvalidSwap", e.error());
                            swapped.incrementAndGet();
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> j : jobs) {
                    j.get(30, TimeUnit.SECONDS);
                }
                assertEquals(1, won.get(), "one writer per head");
                assertEquals(5, swapped.get());
                assertNotEquals(head, store.head(did).orElseThrow().commit());
            }
            pool.shutdown();
            assertEquals(10, store.records().listRecords(did, dev.pds.core.syntax.Nsid.parse(POST), 100, null, false).records().size());
        }
    }

    @Test
    void aFailedGroupFailsTheWaitingCallerAndStopsLaterWrites() {
        Did did = did(2);
        try (RepoStore store = RepoStore.open(dir, StoreConfig.defaults())) {
            store.createRepo(did, KEY, CommitEvents.NONE).join();
            CommitEvents broken = r -> List.of(seq -> {
                throw new IllegalStateException("broken frame encoder");
            });
            assertThrows(StoreException.class,
                    () -> store.applyWritesAndWait(did, post("b1"), null, KEY, broken, CommitTableWrites.NONE));
            assertThrows(StoreException.class,
                    () -> store.applyWritesAndWait(did, post("b2"), null, KEY, events(did), CommitTableWrites.NONE));
            assertEquals(0, store.log().lastSeq());
        }
    }

    @Test
    void closeFinishesWhatWasAcceptedAndRefusesTheRest() throws Exception {
        int threads = 4;
        List<AppliedCommit> accepted = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger refused = new AtomicInteger();
        RepoStore store = RepoStore.open(dir, StoreConfig.defaults());
        for (int t = 0; t < threads; t++) {
            store.createRepo(did(t), KEY, CommitEvents.NONE).join();
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch running = new CountDownLatch(threads);
        List<Future<?>> jobs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Did did = did(t);
            jobs.add(pool.submit(() -> {
                running.countDown();
                for (int i = 0; ; i++) {
                    try {
                        accepted.add(store.applyWritesAndWait(did, post("c" + i), null, KEY, events(did), CommitTableWrites.NONE));
                    } catch (StoreException e) {
                        refused.incrementAndGet();
                        return null;
                    }
                }
            }));
        }
        running.await();
        Thread.sleep(200);
        CompletableFuture.runAsync(store::close).get(30, TimeUnit.SECONDS);
        for (Future<?> j : jobs) {
            j.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(threads, refused.get(), "every writer was refused once closed, none hung");
        assertTrue(accepted.size() > 0);
        try (RepoStore reopened = RepoStore.open(dir, StoreConfig.defaults())) {
            assertEquals(accepted.size(), reopened.log().lastSeq(), "exactly the acknowledged commits are there");
            for (AppliedCommit c : accepted) {
                DataMap ev = ToyRepo.decodeEvent(reopened.log().events(c.seq() - 1, 1).get(0).frame());
                assertEquals(c.result().cid(), ((DataLink) ev.get("commit")).cid());
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
