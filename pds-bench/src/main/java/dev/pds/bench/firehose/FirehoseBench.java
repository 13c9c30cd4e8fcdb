package dev.pds.bench.firehose;

import dev.pds.core.data.DataMap;
import dev.pds.core.events.EventClock;
import dev.pds.core.events.FirehoseEvents;
import dev.pds.core.repo.WriteOp;
import dev.pds.core.store.AppliedCommit;
import dev.pds.core.store.RepoStore;
import dev.pds.core.store.StoreConfig;
import dev.pds.core.syntax.Did;
import dev.pds.core.syntax.Handle;
import dev.pds.crypto.Curve;
import dev.pds.crypto.Keypair;
import dev.pds.server.PdsServer;
import dev.pds.server.config.PdsConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The firehose of a started server, in one JVM, through real WebSockets (the JDK's client).
 * Fan-out and backfill are throughput over many connections, which does not fit JMH's per-call
 * model, so this is a main:
 *
 * <pre>
 * java -cp pds-bench/target/benchmarks.jar dev.pds.bench.firehose.FirehoseBench backfill [events=100000] [rounds=3]
 * java -cp pds-bench/target/benchmarks.jar dev.pds.bench.firehose.FirehoseBench fanout [subscribers=500] [commits=2000] [writers=8]
 * </pre>
 *
 * {@code backfill}: a store filled with real signed commits (one record each), then one subscriber
 * reads them all from cursor 0. {@code fanout}: subscribers connected live while writer threads
 * commit through the store's write path with the server's event builder (what every record
 * method does, minus HTTP); delay is from the commit's acknowledgement to the frame's arrival,
 * measured on every tenth subscriber.
 */
public final class FirehoseBench {
    static final String POST = "app.bsky.feed.post";

    private FirehoseBench() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "backfill";
        if (mode.equals("backfill")) {
            backfill(arg(args, 1, 100_000), arg(args, 2, 3));
        } else if (mode.equals("fanout")) {
            fanout(arg(args, 1, 500), arg(args, 2, 2000), arg(args, 3, 8));
        } else {
            throw new IllegalArgumentException("mode must be backfill or fanout");
        }
        System.exit(0);
    }

    private static int arg(String[] args, int i, int fallback) {
        return args.length > i ? Integer.parseInt(args[i]) : fallback;
    }

    static DataMap post(long i) {
        return DataMap.builder().put("$type", POST).put("text", "firehose bench post " + i)
                .put("createdAt", "2024-01-01T00:00:00.000Z").build();
    }

    static PdsServer start(Path data) throws Exception {
        return PdsServer.start(PdsConfig.fromEnvironment(Map.of("PDS_PORT", "0", "PDS_DATA_DIRECTORY", data.toString(),
                "PDS_DEV_MODE", "true", "PDS_INVITE_REQUIRED", "false")));
    }

    static void backfill(int events, int rounds) throws Exception {
        Path data = Files.createTempDirectory("firehose-bench");
        try {
            long t0 = System.nanoTime();
            FirehoseEvents builder = new FirehoseEvents(EventClock.system());
            try (RepoStore store = RepoStore.open(data.resolve(PdsServer.STORE_FOLDER), StoreConfig.defaults().withSyncWrites(false))) {
                Keypair key = Keypair.generate(Curve.K256);
                Did did = Did.parse("did:plc:benchbenchbenchbenchbenc");
                store.createRepo(did, key, builder.accountCreation(Handle.parse("bench.test"))).join();
                ArrayDeque<CompletableFuture<AppliedCommit>> inFlight = new ArrayDeque<>();
                // four events at creation, then one per commit
                for (int i = 0; i < events - 4; i++) {
                    inFlight.add(store.applyWrites(did, List.of(WriteOp.create(POST, String.format("3k%011d", i), post(i))), null,
                            key, builder));
                    if (inFlight.size() >= 64) {
                        inFlight.poll().join();
                    }
                }
                inFlight.forEach(CompletableFuture::join);
                System.out.printf("filled %d events in %.1f s%n", store.log().lastSeq(), (System.nanoTime() - t0) / 1e9);
            }
            try (PdsServer server = start(data)) {
                long last = server.context().store().log().lastSeq();
                for (int r = 0; r < rounds; r++) {
                    Reader reader = new Reader(last);
                    long s0 = System.nanoTime();
                    WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                            .buildAsync(wsUri(server, "?cursor=0"), reader).join();
                    if (!reader.done.await(600, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("backfill did not finish: " + reader.frames.get());
                    }
                    double secs = (System.nanoTime() - s0) / 1e9;
                    System.out.printf("backfill round %d: %d events, %.1f MB in %.2f s: %.0f events/s, %.1f MB/s%n", r + 1,
                            reader.frames.get(), reader.bytes.get() / 1e6, secs, reader.frames.get() / secs,
                            reader.bytes.get() / 1e6 / secs);
                    ws.abort();
                }
            }
        } finally {
            delete(data);
        }
    }

    static void fanout(int subscribers, int commits, int writers) throws Exception {
        Path data = Files.createTempDirectory("firehose-bench");
        try (PdsServer server = start(data)) {
            RepoStore store = server.context().store();
            FirehoseEvents builder = server.context().events();
            List<Did> dids = new ArrayList<>();
            List<Keypair> keys = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                Keypair key = Keypair.generate(Curve.K256);
                Did did = Did.parse(String.format("did:plc:benchbenchbenchbench%04d", w));
                store.createRepo(did, key, builder.accountCreation(Handle.parse("bench" + w + ".test"))).join();
                dids.add(did);
                keys.add(key);
            }
            long first = store.log().lastSeq() + 1;
            long lastSeq = first + commits - 1;
            Map<Long, Long> acked = new ConcurrentHashMap<>();
            RawSubscribers raw = new RawSubscribers(server.port(), "", subscribers, lastSeq, 10);
            while (server.firehose().subscriberCount() < subscribers) {
                Thread.sleep(10);
            }
            Thread.sleep(500);
            AtomicLong next = new AtomicLong();
            List<Thread> threads = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int w = 0; w < writers; w++) {
                Did did = dids.get(w);
                Keypair key = keys.get(w);
                Thread t = new Thread(() -> {
                    for (long i; (i = next.getAndIncrement()) < commits; ) {
                        AppliedCommit c = store.applyWrites(did, List.of(WriteOp.create(POST, String.format("3k%011d", i), post(i))),
                                null, key, builder).join();
                        acked.put(c.seq(), System.nanoTime());
                    }
                });
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) {
                t.join();
            }
            double writeSecs = (System.nanoTime() - t0) / 1e9;
            int complete = 0;
            for (RawSubscribers.Sub r : raw.subs) {
                if (r.done.await(60, TimeUnit.SECONDS)) {
                    complete++;
                }
            }
            double deliverSecs = (System.nanoTime() - t0) / 1e9;
            List<Long> delays = new ArrayList<>();
            for (RawSubscribers.Sub r : raw.subs) {
                if (r.timed != null) {
                    r.timed.forEach((seq, at) -> {
                        Long ack = acked.get(seq);
                        if (ack != null) {
                            delays.add(at - ack);
                        }
                    });
                }
            }
            raw.close();
            long[] d = delays.stream().mapToLong(Long::longValue).sorted().toArray();
            double rate = commits / writeSecs;
            System.out.printf("fanout: subscribers=%d commits=%d writers=%d commits_per_s=%.0f complete_subscribers=%d"
                            + " all_delivered_s=%.2f delay_p50_ms=%.1f delay_p99_ms=%.1f delay_max_ms=%.1f"
                            + " subscriber_events_per_s=%.0f too_slow=%d%n",
                    subscribers, commits, writers, rate, complete, deliverSecs, pct(d, 0.5), pct(d, 0.99),
                    d.length == 0 ? Double.NaN : d[d.length - 1] / 1e6, complete * commits / deliverSecs,
                    server.firehose().tooSlowCount());
        } finally {
            delete(data);
        }
    }

    private static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) (p * sorted.length))] / 1e6;
    }

    static URI wsUri(PdsServer server, String query) {
        return URI.create("ws://127.0.0.1:" + server.port() + "/xrpc/com.atproto.sync.subscribeRepos" + query);
    }

    /** Counts whole messages until the one with {@code lastSeq}; optionally notes each frame's arrival by seq. */
    static final class Reader implements WebSocket.Listener {
        final long lastSeq;
        final CountDownLatch done = new CountDownLatch(1);
        final AtomicLong frames = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        Map<Long, Long> timed;
        private byte[] partial = new byte[0];
        private long lastSeen = -1;

        Reader(long lastSeq) {
            this.lastSeq = lastSeq;
        }

        @Override
        public void onOpen(WebSocket ws) {
            ws.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            byte[] whole = partial.length == 0 ? chunk : concat(partial, chunk);
            if (!last) {
                partial = whole;
                return null;
            }
            partial = new byte[0];
            frames.incrementAndGet();
            bytes.addAndGet(whole.length);
            long seq = seqOf(whole);
            if (seq <= lastSeen) {
                throw new IllegalStateException("seq " + seq + " after " + lastSeen);
            }
            lastSeen = seq;
            if (timed != null) {
                timed.put(seq, System.nanoTime());
            }
            if (seq >= lastSeq) {
                done.countDown();
            }
            return null;
        }

        private static byte[] concat(byte[] a, byte[] b) {
            byte[] c = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, c, a.length, b.length);
            return c;
        }
    }

    /** The body's {@code seq} (an unsigned integer after the text key "seq"), without decoding the frame. */
    static long seqOf(byte[] f) {
        return seqOf(f, 0, f.length);
    }

    static long seqOf(byte[] f, int from, int length) {
        for (int i = from; i + 4 < from + length; i++) {
            if (f[i] == 0x63 && f[i + 1] == 's' && f[i + 2] == 'e' && f[i + 3] == 'q') {
                int h = f[i + 4] & 0xff;
                int info = h & 0x1f;
                if (h >> 5 != 0) {
                    continue;
                }
                if (info < 24) {
                    return info;
                }
                int n = 1 << (info - 24);
                long v = 0;
                for (int k = 0; k < n; k++) {
                    v = (v << 8) | (f[i + 5 + k] & 0xff);
                }
                return v;
            }
        }
        return -1;
    }

    private static void delete(Path dir) throws Exception {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        }
    }
}
