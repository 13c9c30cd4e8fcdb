package dev.pds.bench.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of this process's threads by kind, from {@code /proc/self/task/N/stat} (Linux): the
 * JVM's own view misses RocksDB's native background threads, which flush and compact on the
 * same two cores the writers need. Elsewhere it reports nothing.
 */
final class ThreadCpu {
    /** Clock ticks per second of {@code utime}/{@code stime}; 100 on every Linux we run on. */
    private static final double TICK_NANOS = 1e9 / 100;

    static final String WRITERS = "writers (repo layer, signature, planning)";

    private final Map<String, Long> ticksByKind;

    private ThreadCpu(Map<String, Long> ticksByKind) {
        this.ticksByKind = ticksByKind;
    }

    static ThreadCpu now() {
        Map<String, Long> out = new TreeMap<>();
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return new ThreadCpu(out);
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tasks)) {
            for (Path t : dirs) {
                String stat;
                try {
                    stat = Files.readString(t.resolve("stat"), StandardCharsets.US_ASCII);
                } catch (IOException e) {
                    continue; // the thread ended meanwhile
                }
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                String name = stat.substring(open + 1, close);
                String[] f = stat.substring(close + 2).split(" ");
                // fields after the name: state is f[0], utime f[11], stime f[12]
                long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                out.merge(kind(name), ticks, Long::sum);
            }
        } catch (IOException e) {
            return new ThreadCpu(Map.of());
        }
        return new ThreadCpu(out);
    }

    /** Linux keeps the first 15 characters of a thread's name. */
    private static String kind(String name) {
        if (name.startsWith("bench-writer")) {
            return WRITERS;
        }
        if (name.startsWith("pds-store-seque")) {
            return "sequencer (event frames, batch, RocksDB write + WAL)";
        }
        if (name.startsWith("rocksdb")) {
            return "RocksDB background (flush, compaction)";
        }
        if (name.startsWith("G1") || name.startsWith("GC") || name.contains("GC Thread")) {
            return "garbage collector";
        }
        if (name.startsWith("C1 ") || name.startsWith("C2 ")) {
            return "JIT compilers";
        }
        return "other";
    }

    /** Nanoseconds of CPU per kind between {@code before} and this snapshot. */
    Map<String, Double> minus(ThreadCpu before) {
        Map<String, Double> out = new TreeMap<>();
        for (Map.Entry<String, Long> e : ticksByKind.entrySet()) {
            long d = e.getValue() - before.ticksByKind.getOrDefault(e.getKey(), 0L);
            out.put(e.getKey(), d * TICK_NANOS);
        }
        return out;
    }

    /** {@code nanosByKind} with {@code nanos} more for {@code kind}. */
    static Map<String, Double> with(Map<String, Double> nanosByKind, String kind, long nanos) {
        Map<String, Double> out = new TreeMap<>(nanosByKind);
        out.merge(kind, (double) nanos, Double::sum);
        return out;
    }

    /** One line per kind: CPU microseconds per commit, and the total. */
    static String perCommit(Map<String, Double> nanosByKind, long commits) {
        StringBuilder sb = new StringBuilder();
        double total = 0;
        for (Map.Entry<String, Double> e : nanosByKind.entrySet()) {
            total += e.getValue();
            sb.append(String.format("    %-55s %6.0f us per commit%n", e.getKey(), e.getValue() / 1000 / commits));
        }
        sb.append(String.format("    %-55s %6.0f us per commit (2 cores: at most %.0f commits/s)%n", "process CPU in all",
                total / 1000 / commits, 2e9 / (total / commits)));
        return sb.toString();
    }
}
