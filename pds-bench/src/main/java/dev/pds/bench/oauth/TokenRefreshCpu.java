package dev.pds.bench.oauth;

import dev.pds.server.oauth.OAuthIds;
import java.lang.management.ManagementFactory;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Refresh grants at the token endpoint, what clients hit again and again: requests per second
 * back to back and server CPU per request (process CPU minus the clients' threads, JIT left
 * out). Each connection refreshes its own session in a chain, signing a fresh DPoP proof per
 * request on its own thread and following the server's nonce.
 *
 * <p>{@code java -cp benchmarks.jar dev.pds.bench.oauth.TokenRefreshCpu [requests] [connections] [rounds]}
 */
public final class TokenRefreshCpu {
    private TokenRefreshCpu() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        OAuthBench bench = new OAuthBench();
        bench.start();
        try {
            List<String> chains = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                String refresh = "ref-" + OAuthIds.random(32);
                bench.newGrant(Optional.of(refresh));
                chains.add(refresh);
            }
            List<double[]> measured = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                double[] r = run(bench, requests, chains);
                System.out.printf("round %d: server CPU %6.1f us/refresh, %7.1f refreshes/s (%d connections)%n", round, r[0],
                        r[1], connections);
                if (round >= 2) {
                    measured.add(r);
                }
            }
            System.out.printf("median of rounds 2 and later: server CPU %.1f us/refresh, %.1f refreshes/s%n",
                    OAuthWriteCpu.median(measured, 0), OAuthWriteCpu.median(measured, 1));
        } finally {
            bench.stop();
        }
    }

    private static double[] run(OAuthBench bench, int requests, List<String> chains) throws Exception {
        int connections = chains.size();
        AtomicLong clientCpu = new AtomicLong();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        var mx = ManagementFactory.getThreadMXBean();
        String url = bench.issuer + "/oauth/token";
        String clientId = URLEncoder.encode("http://localhost", StandardCharsets.UTF_8);
        System.gc();
        var tasks0 = TaskCpu.now();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            int chain = c;
            int share = requests / connections + (c < requests % connections ? 1 : 0);
            Thread t = new Thread(() -> {
                long own0 = mx.getCurrentThreadCpuTime();
                try (RawHttp http = new RawHttp(bench.server.port())) {
                    String nonce = bench.context.oauth().dpop().nonces().next();
                    for (int i = 0; i < share; i++) {
                        String form = "grant_type=refresh_token&client_id=" + clientId + "&refresh_token=" + chains.get(chain);
                        RawHttp.Response r = http.post("/oauth/token", "application/x-www-form-urlencoded", form,
                                "DPoP: " + OAuthBench.proof(bench.dpopKey, bench.dpopJwk, "POST", url, nonce, null));
                        nonce = r.headers().getOrDefault("dpop-nonce", nonce);
                        if (r.status() != 200) {
                            throw new IllegalStateException("refresh answered " + r.status() + ": " + r.body());
                        }
                        int at = r.body().indexOf("\"refresh_token\":\"") + 17;
                        chains.set(chain, r.body().substring(at, r.body().indexOf('"', at)));
                    }
                } catch (Throwable e) {
                    failures.add(e);
                } finally {
                    clientCpu.addAndGet(mx.getCurrentThreadCpuTime() - own0);
                }
            }, "bench-client-" + c);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        long wall = System.nanoTime() - t0;
        long cpu = os.getProcessCpuTime() - cpu0;
        double jit = TaskCpu.micros(tasks0, TaskCpu.now(), "C# CompilerThre");
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a refresh failed", failures.get(0));
        }
        return new double[] {((cpu - clientCpu.get()) / 1e3 - jit) / requests, requests / (wall / 1e9)};
    }
}
