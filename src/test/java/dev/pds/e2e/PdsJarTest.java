package dev.pds.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.server.PdsVersion;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built {@code pds.jar}, run the way an operator runs it. */
class PdsJarTest {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)");
    private static final long TIMEOUT_SECONDS = 60;

    static Path jar;

    @TempDir
    Path work;

    @BeforeAll
    static void findJar() {
        String property = System.getProperty("pds.jar");
        Assumptions.assumeTrue(property != null, "system property pds.jar is not set");
        jar = Path.of(property);
        // under `mvn test` the jar is not packaged yet; `mvn verify` builds it before this runs
        Assumptions.assumeTrue(Files.isRegularFile(jar), "not built yet: " + jar);
    }

    @Test
    void versionPrintsTheBuildVersion() throws Exception {
        Result result = run("version");
        assertEquals(0, result.exitCode, result.output);
        assertEquals("pds " + PdsVersion.get(), result.output.strip());
    }

    @Test
    void helpListsTheCommands() throws Exception {
        Result result = run("--help");
        assertEquals(0, result.exitCode, result.output);
        assertTrue(result.output.contains("serve") && result.output.contains("version"), result.output);
    }

    @Test
    void unknownCommandFails() throws Exception {
        Result result = run("frobnicate");
        assertTrue(result.exitCode != 0, result.output);
        assertTrue(result.output.contains("frobnicate"), result.output);
    }

    @Test
    void badConfigurationIsReportedByName() throws Exception {
        Process process = command("serve").tap(pb -> pb.environment().put("PDS_PORT", "not-a-port")).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue(), output);
        assertTrue(output.contains("PDS_PORT"), output);
    }

    @Test
    void serveAnswersHealthAndStopsOnSigterm() throws Exception {
        Path data = work.resolve("data");
        Process process = command("serve").tap(pb -> {
            pb.environment().put("PDS_PORT", "0");
            pb.environment().put("PDS_DATA_DIRECTORY", data.toString());
        }).start();
        BlockingQueue<String> lines = drain(process);
        try {
            String url = awaitLine(lines, LISTENING).group(1);

            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(url + "/xrpc/_health"))
                    .timeout(TestServer.TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            assertEquals("{\"version\":\"" + PdsVersion.get() + "\"}", health.body());
            assertTrue(Files.isRegularFile(data.resolve("secrets.properties")), "secrets kept in the data folder");

            // SIGTERM through the handle: Process.destroy() would also close our end of its output
            assertTrue(process.toHandle().destroy(), "cannot signal the server process");
            assertTrue(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "did not stop on SIGTERM");
            awaitLine(lines, Pattern.compile("PDS stopped"));
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void aSigtermAsSoonAsItListensStillShutsDownGracefully() throws Exception {
        Process process = command("serve").tap(pb -> pb.environment().put("PDS_PORT", "0")).start();
        BlockingQueue<String> lines = drain(process);
        try {
            awaitLine(lines, LISTENING);
            // the start's last steps (memory report, signer and network lines) may still be running
            assertTrue(process.toHandle().destroy(), "cannot signal the server process");
            assertTrue(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "did not stop on SIGTERM");
            awaitLine(lines, Pattern.compile("PDS stopped"));
        } finally {
            process.destroyForcibly();
            process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Test
    void serveRestartsInPlaceInTheJvmItChooses() throws Exception {
        Process process = command("serve").tap(pb -> pb.environment().put("PDS_PORT", "0")).start();
        BlockingQueue<String> lines = drain(process);
        try {
            String jvm = awaitLine(lines, Pattern.compile("JVM: .*")).group();
            assertTrue(jvm.contains("Copy + MarkSweepCompact"), "the serial collector: " + jvm);
            assertTrue(jvm.contains("chosen at start: -XX:+UseSerialGC -Xmx64m MALLOC_ARENA_MAX=2"), jvm);
            String url = awaitLine(lines, LISTENING).group(1);
            Matcher report = awaitLine(lines, Pattern.compile("Memory: .* MST node cache (\\d+) nodes"));
            int nodes = Integer.parseInt(report.group(1));
            // an eighth of the heap in 1 kB nodes; the serial collector counts one survivor space out of the 64 MB
            assertTrue(nodes > 7000 && nodes <= 8192, report.group());
            // the process we started is the one serving, now with the chosen flags and environment
            String cmdline = Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline")).replace('\0', ' ');
            assertTrue(cmdline.contains("-XX:+UseSerialGC -Xmx64m -jar"), cmdline);
            String environ = Files.readString(Path.of("/proc", Long.toString(process.pid()), "environ"));
            assertTrue(environ.contains("\0MALLOC_ARENA_MAX=2\0") || environ.startsWith("MALLOC_ARENA_MAX=2\0"), environ);
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(url + "/xrpc/_health")).timeout(TestServer.TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            assertTrue(process.toHandle().destroy(), "cannot signal the server process");
            assertTrue(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "did not stop on SIGTERM after the restart");
            awaitLine(lines, Pattern.compile("PDS stopped"));
        } finally {
            process.destroyForcibly();
            process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Test
    void serveKeepsTheHeapTheOperatorChose() throws Exception {
        Process process = command(List.of("-Xmx100m"), "serve").tap(pb -> pb.environment().put("PDS_PORT", "0")).start();
        BlockingQueue<String> lines = drain(process);
        try {
            String jvm = awaitLine(lines, Pattern.compile("JVM: .*")).group();
            assertTrue(jvm.contains("G1"), "the JVM's own default collector: " + jvm);
            assertTrue(jvm.contains("the command line chose: -Xmx100m"), jvm);
            String limits = awaitLine(lines, Pattern.compile("Memory limits: .*")).group();
            assertTrue(limits.contains("heap ceiling off"), "a heap limit below the 128 MB ceiling needs none: " + limits);
        } finally {
            process.destroyForcibly();
            process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Test
    void serveAppliesTheProcessWideMemoryLimits() throws Exception {
        Process process = command("serve").tap(pb -> {
            pb.environment().put("PDS_JVM_TUNING", "off");
            pb.environment().put("PDS_PORT", "0");
            pb.environment().put("PDS_NETTY_ARENAS", "2");
            pb.environment().put("PDS_HEAP_CEILING_MB", "100");
            pb.environment().put("PDS_BLOCK_CACHE_MB", "8");
            pb.environment().put("PDS_MEMTABLE_MB", "2");
            pb.environment().put("PDS_MEMTABLE_BUDGET_MB", "4");
            pb.environment().put("PDS_MEMORY_LOG_SECONDS", "1");
        }).start();
        BlockingQueue<String> lines = drain(process);
        try {
            String limits = awaitLine(lines, Pattern.compile("Memory limits: .*")).group();
            assertTrue(limits.contains("heap ceiling 100 MB"), limits);
            assertTrue(limits.contains("io.netty.allocator.numDirectArenas=2"), limits);
            awaitLine(lines, LISTENING);
            // the report after start reads the allocator and RocksDB themselves
            String report = awaitLine(lines, Pattern.compile("Memory: .*")).group();
            assertTrue(report.contains("(2 arenas of 1024 kB chunks)"), report);
            assertTrue(report.contains("rocksdb cache 0/12 MB") || report.contains("/12 MB memtables"), report);
            assertTrue(report.contains("(budget 4, blocks 1)"), report); // 2 MB scaled down to fit the families in 4
            // the periodic report also says how commits were grouped into synced writes
            awaitLine(lines, Pattern.compile("Writes: \\d+ in \\d+ synced groups \\(.* a group, .* us a group write\\), "
                    + "memtable flushes \\d+ \\{.*\\}"));
        } finally {
            process.destroyForcibly();
            process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    private record Result(int exitCode, String output) {
    }

    private Result run(String... args) throws IOException, InterruptedException {
        Process process = command(args).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        return new Result(process.exitValue(), output);
    }

    /** A ProcessBuilder for {@code java -jar pds.jar args}, without any PDS_* variables of ours leaking in. */
    private Builder command(String... args) {
        return command(List.of(), args);
    }

    private Builder command(List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(name -> name.startsWith("PDS_") || name.endsWith("JAVA_OPTIONS")
                || name.equals("MALLOC_ARENA_MAX"));
        pb.environment().put("PDS_DATA_DIRECTORY", work.resolve("data").toString());
        return new Builder(pb);
    }

    private record Builder(ProcessBuilder pb) {
        Builder tap(java.util.function.Consumer<ProcessBuilder> change) {
            change.accept(pb);
            return this;
        }

        Process start() throws IOException {
            return pb.start();
        }
    }

    private static BlockingQueue<String> drain(Process process) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process went away; the test notices through its own checks
            }
        }, "pds-output");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private static Matcher awaitLine(BlockingQueue<String> lines, Pattern pattern) throws InterruptedException {
        StringBuilder seen = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null) {
                throw new AssertionError("no line matching " + pattern + " in:\n" + seen);
            }
            seen.append(line).append('\n');
            Matcher matcher = pattern.matcher(line);
            if (matcher.find()) {
                return matcher;
            }
        }
    }
}
