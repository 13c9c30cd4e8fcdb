package dev.pds.bench.oauth;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Thread CPU time per auth check (password session vs OAuth with DPoP), which a busy machine
 * distorts far less than wall time: {@code java -cp benchmarks.jar dev.pds.bench.oauth.OAuthCpu [calls] [rounds]}.
 */
public final class OAuthCpu {
    private OAuthCpu() {
    }

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        java.util.List<double[]> measured = new java.util.ArrayList<>();
        OAuthBench bench = new OAuthBench();
        bench.start();
        try {
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            for (int round = 0; round < rounds; round++) {
                bench.makeProofs();
                long t0 = mx.getCurrentThreadCpuTime();
                for (int i = 0; i < calls; i++) {
                    bench.passwordSessionAuth();
                }
                long t1 = mx.getCurrentThreadCpuTime();
                for (int i = 0; i < calls; i++) {
                    bench.oauthDpopAuth();
                }
                long t2 = mx.getCurrentThreadCpuTime();
                System.out.printf("round %d: password session %.1f us CPU per check, OAuth+DPoP %.1f us CPU per check%n",
                        round, (t1 - t0) / 1e3 / calls, (t2 - t1) / 1e3 / calls);
                if (round >= 2) {
                    measured.add(new double[] {(t1 - t0) / 1e3 / calls, (t2 - t1) / 1e3 / calls});
                }
            }
            if (!measured.isEmpty()) {
                System.out.printf("median of rounds 2 and later: password session %.1f us, OAuth+DPoP %.1f us%n",
                        OAuthWriteCpu.median(measured, 0), OAuthWriteCpu.median(measured, 1));
            }
        } finally {
            bench.stop();
        }
    }
}
