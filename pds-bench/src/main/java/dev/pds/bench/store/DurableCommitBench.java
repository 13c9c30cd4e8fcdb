package dev.pds.bench.store;

import dev.pds.core.block.Block;
import dev.pds.core.car.CarLimits;
import dev.pds.core.data.DagCbor;
import dev.pds.core.data.DataMap;
import dev.pds.core.repo.CommitResult;
import dev.pds.core.repo.WriteOp;
import dev.pds.core.store.AppliedCommit;
import dev.pds.core.store.CommitEvents;
import dev.pds.core.store.EventSource;
import dev.pds.core.store.RepoSnapshot;
import dev.pds.core.store.RepoStore;
import dev.pds.core.store.StoreConfig;
import dev.pds.core.store.StoreStats;
import dev.pds.core.sync.RepoExport;
import dev.pds.core.sync.RepoVerifier;
import dev.pds.core.sync.VerifiedRepo;
import dev.pds.core.syntax.Did;
import dev.pds.core.syntax.Tid;
import dev.pds.crypto.Curve;
import dev.pds.crypto.Keypair;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Durable commits per second in-process on RocksDB, through the real write path: repo layer
 * (MST, DAG-CBOR, K-256 signature), store planning, the sequencer's synced group writes, and a
 * commit event per commit. Throughput under concurrency and pipelining does not fit JMH's
 * per-call model, so this is a main:
 *
 * <pre>
 * java -cp pds-bench/target/benchmarks.jar dev.pds.bench.store.DurableCommitBench [mode] [seconds]
 * </pre>
 *
 * modes: {@code oneRepo} (one writer on one repo, up to 64 commits in flight), {@code
 * manyRepos} (16 writer threads on 16 repos, 16 in flight each), {@code mst100k} (100,000
 * random keys into one repo, one commit each), {@code storeOnly} (synthetic commits without
 * MST or signature: the store and its synced writes alone), {@code parts} (the cost of each step alone),
 * {@code all} (default).
 */
public final class DurableCommitBench {
    static final String POST = "app.bsky.feed.post";
    private static final AtomicLong RKEYS = new AtomicLong();

    private DurableCommitBench() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "all";
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        if (mode.equals("parts") || mode.equals("all")) {
            parts();
        }
        if (mode.equals("oneRepo") || mode.equals("all")) {
            throughput("one repo, one writer", 1, 64, seconds);
        }
        if (mode.equals("manyRepos") || mode.equals("all")) {
            throughput("16 repos, 16 writers", 16, 16, seconds);
        }
        if (mode.equals("storeOnly") || mode.equals("all")) {
            storeOnly(1, 64, seconds);
            storeOnly(16, 16, seconds);
        }
        if (mode.equals("mst100k") || mode.equals("all")) {
            mst100k();
        }
    }

    static DataMap post(long i) {
        return DataMap.builder().put("$type", POST).put("text", "benchmark post number " + i + ", a sentence of ordinary length")
                .put("createdAt", "2024-06-01T12:00:00.000Z").build();
    }

    /** A stand-in #commit frame: header-sized map with seq, repo, rev, commit and the event's blocks. */
    static CommitEvents frames(String did) {
        return r -> List.of(frame(did, r));
    }

    static EventSource frame(String did, CommitResult r) {
        ByteArrayOutputStream blocks = new ByteArrayOutputStream();
        for (Block b : r.eventBlocks()) {
            blocks.writeBytes(b.cid().toBytes());
            blocks.writeBytes(b.bytes());
        }
        byte[] car = blocks.toByteArray();
        return seq -> DagCbor.encode(DataMap.builder().put("seq", seq).put("repo", did).put("rev", r.rev())
                .put("commit", r.cid()).put("blocks", car).build());
    }

    static Path tempDir() throws IOException {
        return Files.createTempDirectory("pds-store-bench");
    }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        }
    }

    /** {@code writers} threads, each on its own repo with up to {@code window} commits in flight. */
    static void throughput(String label, int writers, int window, int seconds) throws Exception {
        Path dir = tempDir();
        try (RepoStore store = RepoStore.open(dir, StoreConfig.defaults())) {
            Keypair key = Keypair.generate(Curve.K256);
            List<Did> dids = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                Did did = Did.parse("did:plc:bench" + w + "aaaaaaaaaaaaaaaaaa");
                store.createRepo(did, key, frames(did.toString())).join();
                dids.add(did);
            }
            warmUp(store, dids, key, window, seconds);
            StoreStats before = store.stats();
            AtomicLong submitNanos = new AtomicLong();
            ThreadCpu cpuBefore = ThreadCpu.now();
            AtomicLong writerCpu = new AtomicLong();
            long t0 = System.nanoTime();
            long commits = run(store, dids, key, window, seconds * 1_000_000_000L, submitNanos, writerCpu);
            double secs = (System.nanoTime() - t0) / 1e9;
            ThreadCpu cpuAfter = ThreadCpu.now();
            StoreStats after = store.stats();
            long groups = after.groups() - before.groups();
            long writes = after.writes() - before.writes();
            double writeMicros = (after.writeNanos() - before.writeNanos()) / 1000.0;
            System.out.printf("%s: %d durable commits in %.1f s = %.0f commits/s; %d synced group writes, %.1f commits per group, "
                            + "%.0f us per group write; writer time per commit (load, MST, encode, sign, plan, queue) %.0f us%n",
                    label, commits, secs, commits / secs, groups, (double) writes / groups, writeMicros / groups,
                    submitNanos.get() / 1000.0 / commits);
            System.out.printf("  key changes per commit: %.1f made, %.1f written after merging each group's changes per key%n",
                    (double) (after.changes() - before.changes()) / commits,
                    (double) (after.changesWritten() - before.changesWritten()) / commits);
            System.out.print("  CPU by thread kind (from /proc):\n" + ThreadCpu.perCommit(
                    ThreadCpu.with(cpuAfter.minus(cpuBefore), ThreadCpu.WRITERS, writerCpu.get()), commits));
        } finally {
            delete(dir);
        }
    }

    /**
     * Runs the workload until the JIT has settled: at least a third of the measured time, then
     * in 2 s steps until a step adds less than 2% of its own time in compilation, at most 40 s.
     * With 17 busy threads on 2 cores the compiler threads get little CPU, and on a shared
     * machine a fixed warm-up left C2 compiling through the measurement (30% of the CPU in
     * one run).
     */
    static void warmUp(RepoStore store, List<Did> dids, Keypair key, int window, int seconds) throws Exception {
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        long start = System.nanoTime();
        run(store, dids, key, window, Math.max(2, seconds / 3) * 1_000_000_000L, new AtomicLong());
        while (System.nanoTime() - start < 40_000_000_000L) {
            long before = jit.getTotalCompilationTime();
            run(store, dids, key, window, 2_000_000_000L, new AtomicLong());
            if (jit.getTotalCompilationTime() - before < 40) {
                break;
            }
        }
        System.out.printf("  (warm-up %.0f s, until a 2 s step compiled for under 40 ms)%n", (System.nanoTime() - start) / 1e9);
    }

    static long run(RepoStore store, List<Did> dids, Keypair key, int window, long nanos, AtomicLong submitNanos) throws Exception {
        return run(store, dids, key, window, nanos, submitNanos, new AtomicLong());
    }

    /** As above; {@code writerCpuNanos} gets the writer threads' CPU time (they end before /proc can be read). */
    static long run(RepoStore store, List<Did> dids, Keypair key, int window, long nanos, AtomicLong submitNanos,
                    AtomicLong writerCpuNanos) throws Exception {
        long end = System.nanoTime() + nanos;
        AtomicLong total = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (Did did : dids) {
            Thread t = new Thread(() -> {
                long cpu0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                ArrayDeque<CompletableFuture<AppliedCommit>> inFlight = new ArrayDeque<>();
                CommitEvents events = frames(did.toString());
                long i = 0;
                long spent = 0;
                while (System.nanoTime() < end) {
                    // TIDs from one growing counter: new posts land at the right edge of the tree, as in real use
                    String rkey = Tid.of(1_700_000_000_000_000L + RKEYS.incrementAndGet(), 0).toString();
                    long s = System.nanoTime();
                    inFlight.add(store.applyWrites(did, List.of(WriteOp.create(POST, rkey, post(i))), null, key, events));
                    spent += System.nanoTime() - s;
                    i++;
                    if (inFlight.size() >= window) {
                        inFlight.poll().join();
                    }
                }
                inFlight.forEach(CompletableFuture::join);
                total.addAndGet(i);
                submitNanos.addAndGet(spent);
                writerCpuNanos.addAndGet(java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0);
            }, "bench-writer-" + threads.size());
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        return total.get();
    }

    /** Synthetic commits (no MST, no signature) from {@code writers} threads on their own repos. */
    static void storeOnly(int writers, int window, int seconds) throws Exception {
        Path dir = tempDir();
        try (RepoStore store = RepoStore.open(dir, StoreConfig.defaults())) {
            List<Did> dids = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                Did did = Did.parse("did:plc:synth" + w + "aaaaaaaaaaaaaaaaaa");
                store.createRepo(did, SyntheticCommits.createRecord(did.toString(), "first", post(0))).join();
                dids.add(did);
            }
            for (int round = 0; round < 2; round++) {
                StoreStats before = store.stats();
                long end = System.nanoTime() + (round == 0 ? 3 : seconds) * 1_000_000_000L;
                long t0 = System.nanoTime();
                AtomicLong total = new AtomicLong();
                List<Thread> threads = new ArrayList<>();
                for (Did did : dids) {
                    Thread t = new Thread(() -> {
                        ArrayDeque<CompletableFuture<?>> inFlight = new ArrayDeque<>();
                        long i = 0;
                        while (System.nanoTime() < end) {
                            String rkey = Tid.of(1_700_000_000_000_000L + RKEYS.incrementAndGet(), 0).toString();
                            inFlight.add(store.commit(did, null, SyntheticCommits.createRecord(did.toString(), rkey, post(i))));
                            i++;
                            if (inFlight.size() >= window) {
                                inFlight.poll().join();
                            }
                        }
                        inFlight.forEach(CompletableFuture::join);
                        total.addAndGet(i);
                    });
                    threads.add(t);
                    t.start();
                }
                for (Thread t : threads) {
                    t.join();
                }
                double secs = (System.nanoTime() - t0) / 1e9;
                StoreStats after = store.stats();
                long groups = after.groups() - before.groups();
                if (round == 1) {
                    System.out.printf("store alone, synthetic commits, %d repos/%d writers: %.0f commits/s; %.1f commits per group, "
                                    + "%.0f us per group write%n", writers, writers, total.get() / secs,
                            (double) (after.writes() - before.writes()) / groups, (after.writeNanos() - before.writeNanos()) / 1000.0 / groups);
                }
            }
        } finally {
            delete(dir);
        }
    }

    /** 100,000 random record keys into one repo, one durable commit each. */
    static void mst100k() throws Exception {
        Path dir = tempDir();
        try (RepoStore store = RepoStore.open(dir, StoreConfig.defaults())) {
            Keypair key = Keypair.generate(Curve.K256);
            Did did = Did.parse("did:plc:mst100kaaaaaaaaaaaaaaaaa");
            store.createRepo(did, key, CommitEvents.NONE).join();
            Random random = new Random(42);
            int n = 100_000;
            ArrayDeque<CompletableFuture<AppliedCommit>> inFlight = new ArrayDeque<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                String rkey = Tid.of(random.nextLong() & Tid.MAX_MICROS, random.nextInt(1024)).toString();
                inFlight.add(store.applyWrites(did, List.of(WriteOp.create(POST, rkey, post(i))), null, key, CommitEvents.NONE));
                if (inFlight.size() >= 64) {
                    inFlight.poll().join();
                }
            }
            inFlight.forEach(CompletableFuture::join);
            double secs = (System.nanoTime() - t0) / 1e9;
            StoreStats st = store.stats();
            System.out.printf("MST 100,000 random keys, one durable commit each: %.1f s = %.0f commits/s (%.1f commits per group write)%n",
                    secs, n / secs, st.writesPerGroup());
            long listed = store.records().listRecords(did, dev.pds.core.syntax.Nsid.parse(POST), 1000, null, false).records().size();
            System.out.println("  check: first page of listRecords holds " + listed + " records; lastSeq " + store.log().lastSeq());
            exportFromStore(store, did, key);
            exportSince(store, did, key, random);
        } finally {
            delete(dir);
        }
    }

    /**
     * getRepo's work on the real store: the 100,000-record repo exported to CAR from a RocksDB
     * snapshot, first by walking the tree (one point read per block), then by the range scan
     * getRepo uses ({@link RepoSnapshot#writeCar}), then that CAR verified in full. The first
     * round of each runs with colder caches.
     */
    static void exportFromStore(RepoStore store, Did did, Keypair key) throws IOException {
        byte[] car = null;
        for (int round = 1; round <= 3; round++) {
            try (RepoSnapshot snap = store.snapshot(did).orElseThrow()) {
                ByteArrayOutputStream out = new ByteArrayOutputStream(32 << 20);
                long t = System.nanoTime();
                RepoExport.Stats stats = RepoExport.write(snap.blocks(), snap.head().commit(), out);
                System.out.printf("  export from RocksDB by tree walk (point reads), round %d: %d blocks, %d bytes in %.0f ms%n",
                        round, stats.blocks(), stats.bytes(), (System.nanoTime() - t) / 1e6);
            }
        }
        for (int round = 1; round <= 5; round++) {
            try (RepoSnapshot snap = store.snapshot(did).orElseThrow()) {
                ByteArrayOutputStream out = new ByteArrayOutputStream(32 << 20);
                long t = System.nanoTime();
                RepoExport.Stats stats = snap.writeCar(out);
                System.out.printf("  export from RocksDB by range scan (writeCar), round %d: %d blocks, %d bytes in %.0f ms%n",
                        round, stats.blocks(), stats.bytes(), (System.nanoTime() - t) / 1e6);
                car = out.toByteArray();
            }
        }
        for (int round = 1; round <= 3; round++) {
            long t = System.nanoTime();
            VerifiedRepo v = RepoVerifier.verify(car, CarLimits.DEFAULT, new RepoVerifier.Expect(did.toString(), key.didKey()));
            System.out.printf("  verify of the scanned CAR, round %d: %d records in %.0f ms%n",
                    round, v.recordCount(), (System.nanoTime() - t) / 1e6);
        }
    }

    /**
     * getRepo with {@code since} on the same repo: 10 more commits, then the blocks added after
     * the rev before them ({@link RepoSnapshot#writeCarSince}), five rounds.
     */
    static void exportSince(RepoStore store, Did did, Keypair key, Random random) throws IOException {
        String since = store.head(did).orElseThrow().rev();
        for (int i = 0; i < 10; i++) {
            String rkey = Tid.of(random.nextLong() & Tid.MAX_MICROS, random.nextInt(1024)).toString();
            store.applyWrites(did, List.of(WriteOp.create(POST, rkey, post(i))), null, key, CommitEvents.NONE).join();
        }
        for (int round = 1; round <= 5; round++) {
            try (RepoSnapshot snap = store.snapshot(did).orElseThrow()) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                long t = System.nanoTime();
                RepoExport.Stats stats = snap.writeCarSince(since, out);
                System.out.printf("  export since the rev 10 commits back (writeCarSince), round %d: %d blocks, %d bytes in %.1f ms%n",
                        round, stats.blocks(), stats.bytes(), (System.nanoTime() - t) / 1e6);
            }
        }
    }

    /** Each step alone, single-threaded: what a commit costs before the disk. */
    static void parts() throws Exception {
        Keypair key = Keypair.generate(Curve.K256);
        byte[] msg = new byte[150];
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            key.sign(msg);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            msg[0] = (byte) i;
            key.sign(msg);
        }
        double signUs = (System.nanoTime() - t0) / 1000.0 / n;
        System.out.printf("parts: K-256 sign of a commit-sized message: %.0f us%n", signUs);

        Path dir = tempDir();
        try (RepoStore store = RepoStore.open(dir, StoreConfig.defaults().withSyncWrites(false))) {
            Did did = Did.parse("did:plc:partsaaaaaaaaaaaaaaaaaaa");
            store.createRepo(did, key, CommitEvents.NONE).join();
            for (int round = 0; round < 2; round++) {
                ArrayDeque<CompletableFuture<AppliedCommit>> inFlight = new ArrayDeque<>();
                long s = System.nanoTime();
                int m = 10_000;
                for (int i = 0; i < m; i++) {
                    inFlight.add(store.applyWrites(did, List.of(WriteOp.create(POST, "r" + round + "k" + i, post(i))), null, key,
                            frames(did.toString())));
                    if (inFlight.size() >= 64) {
                        inFlight.poll().join();
                    }
                }
                inFlight.forEach(CompletableFuture::join);
                double us = (System.nanoTime() - s) / 1000.0 / m;
                if (round == 1) {
                    System.out.printf("parts: full write path with the WAL not synced (one repo): %.0f us per commit, "
                            + "so %.0f us is MST, DAG-CBOR, event frame, planning and RocksDB apart from the sign%n", us, us - signUs);
                }
            }
        } finally {
            delete(dir);
        }
        Path syncDir = tempDir();
        try {
            Path f = syncDir.resolve("wal");
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.APPEND)) {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(2000);
                int m = 200;
                long s = System.nanoTime();
                for (int i = 0; i < m; i++) {
                    buf.clear();
                    ch.write(buf);
                    ch.force(false);
                }
                System.out.printf("parts: fdatasync of a 2 KB append on this disk: %.0f us%n", (System.nanoTime() - s) / 1000.0 / m);
            }
        } finally {
            delete(syncDir);
        }
    }
}
