package dev.pds.e2e.interop;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The reference PDS (npm {@code @atproto/pds}) with its own in-memory PLC directory, started by
 * {@code src/test/interop/move/reference-start.mjs} on free loopback ports, for tests that need
 * it beside ours; stopped on close.
 */
final class ReferencePds implements AutoCloseable {
    final int port;
    final int plcPort;
    final Path data;
    private final Process process;

    private ReferencePds(int port, int plcPort, Path data, Process process) {
        this.port = port;
        this.plcPort = plcPort;
        this.data = data;
        this.process = process;
    }

    static ReferencePds start(NodeClients node, Path data) throws Exception {
        Path starter = node.scripts.resolve("move/reference-start.mjs");
        int port = freePort();
        int plcPort = freePort();
        ProcessBuilder pb = new ProcessBuilder(node.node.toString(), starter.toString(), data.toString(),
                String.valueOf(port), String.valueOf(plcPort));
        pb.environment().put("BENCH_MODULES", node.modules.toString());
        pb.redirectErrorStream(true).redirectOutput(data.resolve("reference.log").toFile());
        ReferencePds ref = new ReferencePds(port, plcPort, data, pb.start());
        try {
            ref.awaitUp();
        } catch (Exception e) {
            ref.close();
            throw e;
        }
        return ref;
    }

    /** Its URL as its own documents name it (PDS_HOSTNAME=localhost). */
    String url() {
        return "http://localhost:" + port;
    }

    String plcUrl() {
        return "http://localhost:" + plcPort;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void awaitUp() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        URI health = URI.create("http://127.0.0.1:" + port + "/xrpc/com.atproto.server.describeServer");
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the reference PDS exited with " + process.exitValue());
            }
            try {
                if (http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException("the reference PDS did not start within 90 s");
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
