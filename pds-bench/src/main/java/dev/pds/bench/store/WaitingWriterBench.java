package dev.pds.bench.store;

import dev.pds.core.repo.WriteOp;
import dev.pds.core.store.CommitEvents;
import dev.pds.core.store.CommitTableWrites;
import dev.pds.core.store.RepoStore;
import dev.pds.core.store.StoreConfig;
import dev.pds.core.store.StoreStats;
import dev.pds.core.syntax.Did;
import dev.pds.core.syntax.Tid;
import dev.pds.crypto.Curve;
import dev.pds.crypto.Keypair;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * One writer that waits for each commit to be durable before making the next, as a server
 * does for one client on one connection: the latency of one commit, not throughput. Compares
 * the two ways of waiting, alternating in rounds on the same store so that a shared machine's
 * load hits both alike: {@code handoff} (the future of {@code applyWrites}, written by the
 * sequencer thread) and {@code inline} ({@code applyWritesAndWait}: the caller writes its own
 * group when the store is idle).
 *
 * <pre>
 * java -cp pds-bench/target/benchmarks.jar dev.pds.bench.store.WaitingWriterBench [rounds] [commits per round]
 * </pre>
 */
public final class WaitingWriterBench {
    private WaitingWriterBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        Path dir = DurableCommitBench.tempDir();
        try (RepoStore store = RepoStore.open(dir, StoreConfig.defaults())) {
            Keypair key = Keypair.generate(Curve.K256);
            Did did = Did.parse("did:plc:benchwaitingaaaaaaaaaa");
            CommitEvents events = DurableCommitBench.frames(did.toString());
            store.createRepo(did, key, events).join();
            Writer w = new Writer(store, did, key, events);
            for (int i = 0; i < 3; i++) { // warm-up, both ways
                w.round(false, perRound);
                w.round(true, perRound);
            }
            System.out.println("mode     commits  mean_us  p50_us  p99_us  caller_cpu_us/commit  process_cpu_us/commit  synced_write_us/group");
            for (int r = 0; r < rounds; r++) {
                w.round(r % 2 == 0, perRound).print();
                w.round(r % 2 != 0, perRound).print();
            }
        } finally {
            DurableCommitBench.delete(dir);
        }
    }

    private record Result(String mode, long[] nanos, long callerCpu, long processCpu, double writeMicros) {
        void print() {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            double mean = Arrays.stream(sorted).average().orElse(0) / 1000.0;
            System.out.printf("%-8s %7d %8.0f %7.0f %7.0f %21.0f %22.0f %22.0f%n", mode, sorted.length, mean,
                    sorted[sorted.length / 2] / 1000.0, sorted[(int) (sorted.length * 0.99)] / 1000.0,
                    callerCpu / 1000.0 / sorted.length, processCpu / 1000.0 / sorted.length, writeMicros);
        }
    }

    private static final class Writer {
        private final RepoStore store;
        private final Did did;
        private final Keypair key;
        private final CommitEvents events;
        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        private final com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        private long n;

        Writer(RepoStore store, Did did, Keypair key, CommitEvents events) {
            this.store = store;
            this.did = did;
            this.key = key;
            this.events = events;
        }

        Result round(boolean inline, int commits) {
            long[] nanos = new long[commits];
            long cpu0 = threads.getCurrentThreadCpuTime();
            long proc0 = os.getProcessCpuTime();
            StoreStats stats0 = store.stats();
            for (int i = 0; i < commits; i++) {
                n++;
                List<WriteOp> op = List.of(WriteOp.create(DurableCommitBench.POST,
                        Tid.of(1_700_000_000_000_000L + n, 0).toString(), DurableCommitBench.post(n)));
                long t0 = System.nanoTime();
                if (inline) {
                    store.applyWritesAndWait(did, op, null, key, events, CommitTableWrites.NONE);
                } else {
                    store.applyWrites(did, op, null, key, events).join();
                }
                nanos[i] = System.nanoTime() - t0;
            }
            StoreStats stats = store.stats();
            return new Result(inline ? "inline" : "handoff", nanos, threads.getCurrentThreadCpuTime() - cpu0,
                    os.getProcessCpuTime() - proc0,
                    (stats.writeNanos() - stats0.writeNanos()) / 1000.0 / Math.max(1, stats.groups() - stats0.groups()));
        }
    }
}
