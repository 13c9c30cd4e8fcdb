package dev.pds.bench.oauth;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Server CPU per createRecord over HTTP, password session against OAuth (DPoP), through the
 * whole server path (Netty, auth, lexicon, durable commit, sequencer): the process's CPU time
 * minus the client threads' own (each client is a bare socket on one thread), divided by the
 * requests. Rounds alternate the two kinds; each OAuth request carries a fresh proof signed
 * before the round. Also gives requests per second back to back with the same connections.
 *
 * <p>{@code java -cp benchmarks.jar dev.pds.bench.oauth.OAuthWriteCpu [requests] [connections] [rounds]}
 */
public final class OAuthWriteCpu {
    private OAuthWriteCpu() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 6;
        OAuthBench bench = new OAuthBench();
        bench.start();
        try {
            String bearer = "Authorization: " + bench.bearerHeaders.get("authorization").get(0);
            List<double[]> password = new ArrayList<>();
            List<double[]> oauth = new ArrayList<>();
            AtomicInteger serial = new AtomicInteger();
            for (int round = 0; round < rounds; round++) {
                // the first two rounds warm the JIT; after that the kinds alternate who goes first
                for (int k = 0; k < 2; k++) {
                    boolean dpop = (round + k) % 2 == 1;
                    String[] proofs = dpop ? proofs(bench, requests) : null;
                    double[] r = run(bench, requests, connections, serial, i -> dpop
                            ? new String[] {"Authorization: DPoP " + bench.accessToken, "DPoP: " + proofs[i]}
                            : new String[] {bearer});
                    System.out.printf("round %d %-8s server CPU %6.1f us/request (XRPC workers %6.1f), %7.1f requests/s"
                            + " (%d connections)%n", round, dpop ? "OAuth" : "password", r[0], r[2], r[1], connections);
                    if (round >= 2) {
                        (dpop ? oauth : password).add(r);
                    }
                }
            }
            double p = median(password, 0);
            double o = median(oauth, 0);
            System.out.printf("median server CPU per createRecord: password %.1f us, OAuth %.1f us (+%.1f%%); "
                    + "XRPC workers: password %.1f us, OAuth %.1f us; median requests/s: password %.1f, OAuth %.1f%n",
                    p, o, 100 * (o - p) / p, median(password, 2), median(oauth, 2), median(password, 1),
                    median(oauth, 1));
        } finally {
            bench.stop();
        }
    }

    interface Headers {
        String[] of(int request);
    }

    private static String[] proofs(OAuthBench bench, int n) {
        String nonce = bench.context.oauth().dpop().nonces().next();
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            out[i] = OAuthBench.proof(bench.dpopKey, bench.dpopJwk, "POST", bench.issuer + OAuthBench.PATH, nonce,
                    bench.accessToken);
        }
        return out;
    }

    /**
     * @return server CPU microseconds per request (JIT compiler threads left out: they are
     *         warm-up, and a busy machine stretches warm-up over many rounds), requests per second,
     *         and the XRPC workers' share (where the auth check runs) per request
     */
    private static double[] run(OAuthBench bench, int requests, int connections, AtomicInteger serial, Headers headers)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicLong clientCpu = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<RawHttp> sockets = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            sockets.add(new RawHttp(bench.server.port()));
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        var mx = ManagementFactory.getThreadMXBean();
        System.gc(); // the proofs' signing garbage is the client's, not the server's
        var tasks0 = TaskCpu.now();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        for (RawHttp http : sockets) {
            Thread t = new Thread(() -> {
                long own0 = mx.getCurrentThreadCpuTime();
                try {
                    for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                        String body = "{\"repo\":\"" + bench.did + "\",\"collection\":\"app.bsky.feed.post\",\"record\":"
                                + "{\"$type\":\"app.bsky.feed.post\",\"text\":\"cpu " + serial.incrementAndGet()
                                + "\",\"createdAt\":\"2024-01-01T00:00:00.000Z\"}}";
                        RawHttp.Response r = http.post(OAuthBench.PATH, "application/json", body, headers.of(i));
                        if (r.status() != 200) {
                            throw new IllegalStateException("createRecord answered " + r.status() + ": " + r.body());
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                } finally {
                    clientCpu.addAndGet(mx.getCurrentThreadCpuTime() - own0);
                }
            }, "bench-client-" + threads.size());
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        long wall = System.nanoTime() - t0;
        long cpu = os.getProcessCpuTime() - cpu0;
        var tasks1 = TaskCpu.now();
        if (Boolean.getBoolean("bench.threads")) {
            System.out.print(TaskCpu.perRequest(tasks0, tasks1, requests));
        }
        double jit = TaskCpu.micros(tasks0, tasks1, "C# CompilerThre");
        double xrpc = TaskCpu.micros(tasks0, tasks1, "pds-xrpc-#-#");
        for (RawHttp http : sockets) {
            http.close();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a request failed", failures.get(0));
        }
        return new double[] {((cpu - clientCpu.get()) / 1e3 - jit) / requests, requests / (wall / 1e9), xrpc / requests};
    }

    static double median(List<double[]> rows, int column) {
        double[] v = rows.stream().mapToDouble(r -> r[column]).toArray();
        Arrays.sort(v);
        return v.length == 0 ? Double.NaN : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
