package dev.pds.e2e.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.core.car.CarLimits;
import dev.pds.core.sync.RepoVerifier;
import dev.pds.e2e.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streamed (chunked) answers on the wire, read by hand: framing, keep-alive and pipelining
 * after a streamed body, and a client that stops reading.
 */
class StreamedAnswersTest {
    @TempDir
    Path data;

    /** One connection driven by hand; reads bodies framed by Content-Length or chunked. */
    static final class Conn implements AutoCloseable {
        record Answer(int status, Map<String, String> headers, byte[] body) {
        }

        final Socket socket = new Socket();
        final InputStream in;
        final OutputStream out;

        Conn(InetSocketAddress address, int receiveBuffer) throws IOException {
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.connect(address, 10_000);
            socket.setSoTimeout(30_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        void get(String path) throws IOException {
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        Map<String, String> head(int[] status) throws IOException {
            status[0] = Integer.parseInt(line().split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line = line(); !line.isEmpty(); line = line()) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
            return headers;
        }

        Answer read() throws IOException {
            int[] status = {0};
            Map<String, String> headers = head(status);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if ("chunked".equals(headers.get("transfer-encoding"))) {
                for (int size = Integer.parseInt(line().trim(), 16); size > 0; size = Integer.parseInt(line().trim(), 16)) {
                    body.write(exactly(size));
                    line();
                }
                line();
            } else {
                body.write(exactly(Integer.parseInt(headers.getOrDefault("content-length", "0"))));
            }
            return new Answer(status[0], headers, body.toByteArray());
        }

        private byte[] exactly(int n) throws IOException {
            byte[] b = in.readNBytes(n);
            if (b.length != n) {
                throw new EOFException("connection closed inside a body");
            }
            return b;
        }

        private String line() throws IOException {
            StringBuilder s = new StringBuilder();
            int c;
            while ((c = in.read()) != '\n') {
                if (c == -1) {
                    throw new EOFException("connection closed");
                }
                if (c != '\r') {
                    s.append((char) c);
                }
            }
            return s.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void anExportSentFromAFileLeavesTheConnectionUsable() throws Exception {
        try (TestServer pds = TestServer.start(data)) {
            TestServer.Session alice = pds.createAccount("alice");
            SyncFixture.posts(pds, alice.did(), "p", 1000, 200);
            try (Conn c = new Conn(pds.server.address(), 0)) {
                // pipelined: the second request waits for the whole streamed body of the first
                c.get(GetRepoTest.GET_REPO + alice.did());
                c.get("/xrpc/com.atproto.sync.getLatestCommit?did=" + alice.did());
                c.get(GetRepoTest.GET_REPO + "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa");
                Conn.Answer car = c.read();
                assertEquals(200, car.status());
                assertEquals(String.valueOf(car.body().length), car.headers().get("content-length"));
                assertNull(car.headers().get("transfer-encoding"));
                assertEquals(SyncFixture.CAR, car.headers().get("content-type"));
                assertEquals("*", car.headers().get("access-control-allow-origin"), "CORS on answers sent from files too");
                assertEquals(1000, RepoVerifier.verify(car.body(), CarLimits.DEFAULT, RepoVerifier.Expect.NOTHING).recordCount());
                Conn.Answer latest = c.read();
                assertEquals(200, latest.status());
                assertTrue(new String(latest.body(), StandardCharsets.UTF_8).contains("\"rev\""));
                Conn.Answer missing = c.read();
                assertEquals(400, missing.status());
                assertTrue(new String(missing.body(), StandardCharsets.UTF_8).contains("RepoNotFound"));
            }
        }
    }

    @Test
    void aClientThatStopsReadingIsCutOff() throws Exception {
        Map<String, String> env = Map.of("PDS_DEV_MODE", "true", "PDS_INVITE_REQUIRED", "false",
                "PDS_IDLE_TIMEOUT_SECONDS", "2");
        try (TestServer pds = TestServer.start(data, env, List.of(), List.of())) {
            TestServer.Session alice = pds.createAccount("alice");
            // about 8 MB, well past what the kernel buffers for a connection on both ends
            String padding = "x".repeat(300);
            for (int i = 0; i < 20_000; i += 200) {
                List<dev.pds.core.repo.WriteOp> writes = new java.util.ArrayList<>();
                for (int j = i; j < i + 200; j++) {
                    writes.add(dev.pds.core.repo.WriteOp.create(SyncFixture.POST, String.format("p%05d", j),
                            SyncFixture.post(j + padding)));
                }
                SyncFixture.commit(pds, alice.did(), writes);
            }
            int whole = SyncFixture.getBytes(pds, GetRepoTest.GET_REPO + alice.did(), null).body().length;
            try (Conn stalled = new Conn(pds.server.address(), 4096)) {
                stalled.get(GetRepoTest.GET_REPO + alice.did());
                int[] status = {0};
                stalled.head(status);
                assertEquals(200, status[0]);
                // meanwhile others are served
                SyncFixture.assertCar(SyncFixture.getBytes(pds, "/xrpc/com.atproto.sync.getRecord?did=" + alice.did()
                        + "&collection=" + SyncFixture.POST + "&rkey=p00001", null));
                // past the stall timeout the server gives up on it and closes: what the socket buffers
                // held drains, then the stream ends (no read timeout) well short of the whole export
                Thread.sleep(3000);
                stalled.socket.setSoTimeout(10_000);
                long drained = 0;
                for (int n = stalled.in.read(new byte[65536]); n != -1; n = stalled.in.read(new byte[65536])) {
                    drained += n;
                }
                assertTrue(drained < whole, "cut off after " + drained + " of " + whole + " bytes");
            }
            // and the export's worker is free again
            java.net.http.HttpResponse<byte[]> again = SyncFixture.getBytes(pds, GetRepoTest.GET_REPO + alice.did(), null);
            SyncFixture.assertCar(again);
            assertEquals(20_000, RepoVerifier.verify(again.body(), CarLimits.DEFAULT, RepoVerifier.Expect.NOTHING).recordCount());
        }
    }
}
