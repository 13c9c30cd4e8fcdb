package dev.pds.server.api.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.core.data.Cid;
import dev.pds.core.store.RepoHead;
import dev.pds.core.syntax.Did;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The getRepo file cache on real files: which export is served, when it is dropped, and what it costs on disk. */
class RepoCarCacheTest {
    @TempDir
    Path folder;

    private static final Did ALICE = Did.parse("did:plc:aaaaaaaaaaaaaaaaaaaaaaaa");
    private static final Did BOB = Did.parse("did:plc:bbbbbbbbbbbbbbbbbbbbbbbb");

    /** A head whose commit stands for {@code rev}: each rev its own commit CID. */
    private static RepoHead head(Did did, String rev) {
        Cid commit = Cid.ofDagCbor((did + rev).getBytes(StandardCharsets.UTF_8));
        return new RepoHead(did, 1, commit, commit, rev);
    }

    private static byte[] content(RepoHead head, int size) {
        byte[] b = new byte[size];
        byte[] tag = (head.did() + "@" + head.rev()).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < size; i++) {
            b[i] = tag[i % tag.length];
        }
        return b;
    }

    private static byte[] read(RepoCarCache.CarFile car) throws IOException {
        try (var channel = car.channel()) {
            ByteBuffer buf = ByteBuffer.allocate((int) car.size());
            while (buf.hasRemaining() && channel.read(buf, buf.position()) > 0) {
                // read positionally until full
            }
            assertFalse(buf.hasRemaining(), "the whole file was read");
            return buf.array();
        }
    }

    private long filesIn() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.count();
        }
    }

    @Test
    void aKeptExportIsServedForItsCommitOnly() throws Exception {
        RepoCarCache cache = new RepoCarCache(folder, 1 << 20);
        RepoHead r1 = head(ALICE, "3aaaaaaaaaa22");
        assertTrue(cache.find(r1).isEmpty());
        byte[] one = content(r1, 5000);
        assertArrayEquals(one, read(cache.export(r1, out -> out.write(one))));
        assertArrayEquals(one, read(cache.find(r1).orElseThrow()));
        assertEquals(1, filesIn());

        // the head moved on: the old export is never served, and its file goes
        RepoHead r2 = head(ALICE, "3aaaaaaaaaa23");
        assertTrue(cache.find(r2).isEmpty());
        assertEquals(0, filesIn(), "the stale export was deleted");
        assertTrue(cache.find(r1).isEmpty());
        byte[] two = content(r2, 7000);
        assertArrayEquals(two, read(cache.export(r2, out -> out.write(two))));
        assertArrayEquals(two, read(cache.find(r2).orElseThrow()));
        assertEquals(1, filesIn());
        assertEquals(7000, cache.usage()[1]);
    }

    @Test
    void anOlderExportFinishingLateDoesNotReplaceANewerOne() throws Exception {
        RepoCarCache cache = new RepoCarCache(folder, 1 << 20);
        RepoHead newer = head(ALICE, "3aaaaaaaaaa30");
        RepoHead older = head(ALICE, "3aaaaaaaaaa29");
        byte[] n = content(newer, 100);
        byte[] o = content(older, 120);
        read(cache.export(newer, out -> out.write(n)));
        // the late writer still gets its own answer
        assertArrayEquals(o, read(cache.export(older, out -> out.write(o))));
        assertArrayEquals(n, read(cache.find(newer).orElseThrow()));
        assertTrue(cache.find(older).isEmpty());
        assertEquals(1, filesIn());
    }

    @Test
    void exportsBeyondTheBudgetAreEvictedLeastRecentlyServedFirst() throws Exception {
        RepoCarCache cache = new RepoCarCache(folder, 10_000);
        List<RepoHead> heads = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Did did = Did.parse("did:plc:" + "cccccccccccccccccccccc" + (char) ('a' + i) + "a");
            RepoHead h = head(did, "3aaaaaaaaaa2" + i);
            heads.add(h);
            byte[] b = content(h, 4000);
            read(cache.export(h, out -> out.write(b)));
        }
        // 12,000 bytes asked for 10,000 allowed: the first is gone
        assertEquals(2, cache.usage()[0]);
        assertEquals(8000, cache.usage()[1]);
        assertTrue(cache.find(heads.get(0)).isEmpty());
        // serving the second makes the third the least recently served
        read(cache.find(heads.get(1)).orElseThrow());
        RepoHead d = head(BOB, "3aaaaaaaaaa40");
        read(cache.export(d, out -> out.write(content(d, 4000))));
        assertTrue(cache.find(heads.get(2)).isEmpty());
        assertTrue(cache.find(heads.get(1)).isPresent());
        assertTrue(cache.find(d).isPresent());
        assertEquals(2, filesIn());
    }

    @Test
    void aForgottenRepoLosesItsExport() throws Exception {
        RepoCarCache cache = new RepoCarCache(folder, 1 << 20);
        RepoHead a = head(ALICE, "3aaaaaaaaaa22");
        RepoHead b = head(BOB, "3aaaaaaaaaa22");
        read(cache.export(a, out -> out.write(content(a, 300))));
        read(cache.export(b, out -> out.write(content(b, 200))));
        cache.forget(ALICE);
        cache.forget(ALICE); // twice is harmless
        assertTrue(cache.find(a).isEmpty());
        assertTrue(cache.find(b).isPresent());
        assertEquals(1, filesIn());
        assertArrayEquals(new long[] {1, 200}, cache.usage());
    }

    @Test
    void aKeptFileRemovedBehindTheCachesBackIsAMiss() throws Exception {
        RepoCarCache cache = new RepoCarCache(folder, 1 << 20);
        RepoHead h = head(ALICE, "3aaaaaaaaaa22");
        read(cache.export(h, out -> out.write(content(h, 300))));
        try (Stream<Path> files = Files.list(folder)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        assertTrue(cache.find(h).isEmpty());
        assertArrayEquals(new long[] {0, 0}, cache.usage());
        byte[] again = content(h, 300);
        assertArrayEquals(again, read(cache.export(h, out -> out.write(again))));
        assertTrue(cache.find(h).isPresent());
    }

    @Test
    void anExportLargerThanTheBudgetIsServedButNotKept() throws Exception {
        RepoCarCache cache = new RepoCarCache(folder, 1000);
        RepoHead h = head(ALICE, "3aaaaaaaaaa22");
        byte[] big = content(h, 5000);
        assertArrayEquals(big, read(cache.export(h, out -> out.write(big))));
        assertTrue(cache.find(h).isEmpty());
        assertEquals(0, filesIn());
        assertArrayEquals(new long[] {0, 0}, cache.usage());
    }

    @Test
    void spooledAnswersLeaveNoFileBehind() throws Exception {
        RepoCarCache cache = new RepoCarCache(folder, 1 << 20);
        byte[] body = "since-answer".getBytes(StandardCharsets.UTF_8);
        RepoCarCache.CarFile car = cache.spool(out -> out.write(body));
        assertEquals(0, filesIn(), "unlinked as soon as it is open");
        assertArrayEquals(body, read(car));
    }

    @Test
    void aFailedExportLeavesNothingAndIsNotServed() throws Exception {
        RepoCarCache cache = new RepoCarCache(folder, 1 << 20);
        RepoHead h = head(ALICE, "3aaaaaaaaaa22");
        IOException failure = assertThrows(IOException.class, () -> cache.export(h, out -> {
            out.write(new byte[300_000]);
            throw new IOException("store went away");
        }));
        assertEquals("store went away", failure.getMessage());
        assertEquals(0, filesIn());
        assertTrue(cache.find(h).isEmpty());
        // and the next request writes it
        assertArrayEquals(new byte[] {1, 2, 3}, read(cache.export(h, out -> out.write(new byte[] {1, 2, 3}))));
    }

    @Test
    void concurrentMissesOfOneCommitWriteItOnce() throws Exception {
        RepoCarCache cache = new RepoCarCache(folder, 1 << 20);
        RepoHead h = head(ALICE, "3aaaaaaaaaa22");
        byte[] body = content(h, 50_000);
        AtomicInteger writes = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<byte[]>> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                answers.add(pool.submit(() -> read(cache.export(h, out -> {
                    writes.incrementAndGet();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                    out.write(body);
                }))));
            }
            Thread.sleep(200); // let every request arrive while the first is still writing
            release.countDown();
            for (Future<byte[]> a : answers) {
                assertArrayEquals(body, a.get(10, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, writes.get(), "written once, served to all");
        assertEquals(1, filesIn());
    }

    @Test
    void startingOverEmptiesTheFolder() throws Exception {
        RepoCarCache first = new RepoCarCache(folder, 1 << 20);
        RepoHead h = head(ALICE, "3aaaaaaaaaa22");
        read(first.export(h, out -> out.write(content(h, 1000))));
        Files.write(folder.resolve("7.tmp"), new byte[10]); // a write cut short by a crash
        assertEquals(2, filesIn());

        RepoCarCache second = new RepoCarCache(folder, 1 << 20);
        assertEquals(0, filesIn());
        Optional<RepoCarCache.CarFile> none = second.find(h);
        assertTrue(none.isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new RepoCarCache(folder, -1));
    }
}
