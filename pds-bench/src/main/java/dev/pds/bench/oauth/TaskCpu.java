package dev.pds.bench.oauth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU ticks of this process's threads grouped by name without digits, from
 * {@code /proc/self/task} (Linux; empty elsewhere), native RocksDB and GC threads included.
 */
final class TaskCpu {
    private static final double TICK_MICROS = 1e6 / 100;

    private TaskCpu() {
    }

    static Map<String, Long> now() {
        Map<String, Long> out = new TreeMap<>();
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return out;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tasks)) {
            for (Path t : dirs) {
                String stat;
                try {
                    stat = Files.readString(t.resolve("stat"), StandardCharsets.US_ASCII);
                } catch (IOException e) {
                    continue; // the thread ended meanwhile
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "#");
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                out.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
            }
        } catch (IOException e) {
            return Map.of();
        }
        return out;
    }

    /** Microseconds of CPU the named group used between the two snapshots. */
    static double micros(Map<String, Long> before, Map<String, Long> after, String group) {
        return (after.getOrDefault(group, 0L) - before.getOrDefault(group, 0L)) * TICK_MICROS;
    }

    /** "name: N us" per group whose CPU grew, per request. */
    static String perRequest(Map<String, Long> before, Map<String, Long> after, int requests) {
        StringBuilder sb = new StringBuilder();
        after.forEach((name, ticks) -> {
            long d = ticks - before.getOrDefault(name, 0L);
            if (d > 0) {
                sb.append(String.format("    %-20s %7.1f us/request%n", name, d * TICK_MICROS / requests));
            }
        });
        return sb.toString();
    }
}
