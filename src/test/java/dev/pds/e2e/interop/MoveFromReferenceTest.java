package dev.pds.e2e.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.e2e.Prerequisites;
import dev.pds.e2e.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An account moves from the reference PDS to ours, driven by {@code @atproto/api} as the
 * official migration guide does it ({@code src/test/interop/move/move-from-reference.mjs}):
 * the reference's service auth accepted here, its export imported, its blob uploaded, the PLC
 * operation it signs submitted here, the account activated here. Both servers use the
 * reference's PLC directory.
 */
class MoveFromReferenceTest {
    @TempDir
    Path refData;
    @TempDir
    Path ourData;

    @Test
    void anAccountMovesFromTheReferencePdsToOurs() throws Exception {
        NodeClients node = NodeClients.require("@atproto/api", "@atproto/pds", "@did-plc/server", "better-sqlite3");
        Path starter = Path.of(System.getProperty("pds.repo.root", "."), "../shared/bench/refpds-start.mjs");
        Prerequisites.require(Files.isRegularFile(starter), "the reference PDS starter " + starter);
        int refPort = freePort();
        int plcPort = freePort();
        ProcessBuilder pb = new ProcessBuilder(node.node.toString(), starter.toString(), refData.toString(),
                String.valueOf(refPort), String.valueOf(plcPort));
        pb.environment().put("BENCH_MODULES", node.modules.toString());
        pb.redirectErrorStream(true).redirectOutput(refData.resolve("reference.log").toFile());
        Process ref = pb.start();
        try (AutoCloseable stopRef = ref::destroyForcibly) {
            awaitUp("http://127.0.0.1:" + refPort + "/xrpc/com.atproto.server.describeServer", ref);
            try (TestServer ours = TestServer.start(ourData, Map.of("PDS_DEV_MODE", "true", "PDS_INVITE_REQUIRED", "false",
                    "PDS_DID_PLC_URL", "http://127.0.0.1:" + plcPort), List.of(), List.of())) {
                NodeClients.Run run = node.run(120, "move/move-from-reference.mjs", "http://localhost:" + refPort,
                        refData.toString(), ours.server.config().publicUrl());
                assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
                List<String> steps = run.stdout().lines().filter(l -> l.startsWith("ok ")).toList();
                assertEquals(6, steps.size(), run.stdout());
                assertTrue(steps.get(5).contains("activated here"), run.stdout());
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void awaitUp(String url, Process process) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the reference PDS exited with " + process.exitValue());
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException("the reference PDS did not start within 90 s");
    }
}
