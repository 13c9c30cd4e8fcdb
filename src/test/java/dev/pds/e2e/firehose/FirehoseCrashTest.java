package dev.pds.e2e.firehose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pds.core.events.FrameDecoder;
import dev.pds.core.events.StreamMessage;
import dev.pds.e2e.TestServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server in a child JVM takes createRecord calls from several clients and is killed with
 * SIGKILL mid-load; restarted on the same data, its stream from cursor 0 holds every commit it
 * acknowledged, in one gap-free sequence, each commit following its repo's previous one. The
 * only commits beyond the acknowledged ones are those whose answer was on its way (at most one
 * per client).
 */
class FirehoseCrashTest {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CLIENTS = 6;

    @TempDir
    Path data;

    @Test
    void afterKillNineTheStreamHoldsEveryAcknowledgedCommit() throws Exception {
        Map<String, String> env = Map.of("PDS_DEV_MODE", "true", "PDS_INVITE_REQUIRED", "false", "PDS_PORT", "0",
                "PDS_DATA_DIRECTORY", data.toString());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "dev.pds.server.cli.PdsCommand", "serve");
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        Process child = pb.start();
        Map<String, String> ackedRevs = new ConcurrentHashMap<>(); // commit cid -> rev
        List<String> dids = new ArrayList<>();
        try {
            URI base = awaitListening(child);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                JsonNode a = post(http, base, "com.atproto.server.createAccount", "{\"handle\":\"crashuser" + i
                        + ".test\",\"email\":\"u" + i + "@example.com\",\"password\":\"pass-" + i + "\"}", null);
                dids.add(a.get("did").asText());
                tokens.add(a.get("accessJwt").asText());
            }
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch enough = new CountDownLatch(150);
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                Thread t = new Thread(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        int who = (client + i) % dids.size();
                        try {
                            JsonNode r = post(http, base, "com.atproto.repo.createRecord", "{\"repo\":\"" + dids.get(who)
                                    + "\",\"collection\":\"app.bsky.feed.post\",\"record\":{\"$type\":\"app.bsky.feed.post\","
                                    + "\"text\":\"c" + client + " i" + i + "\",\"createdAt\":\"2024-01-01T00:00:00.000Z\"}}",
                                    tokens.get(who));
                            ackedRevs.put(r.get("commit").get("cid").asText(), r.get("commit").get("rev").asText());
                            enough.countDown();
                        } catch (Exception e) {
                            return; // the server died under us
                        }
                    }
                });
                t.start();
                clients.add(t);
            }
            assertTrue(enough.await(120, TimeUnit.SECONDS), "the server acknowledged 150 writes");
            child.destroyForcibly(); // SIGKILL, writes in flight
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            stop.set(true);
            for (Thread t : clients) {
                t.join(30_000);
            }
        } finally {
            child.destroyForcibly();
        }
        assertEquals(137, child.exitValue(), "killed by SIGKILL");
        Set<String> acked = new HashSet<>(ackedRevs.keySet());

        try (TestServer pds = TestServer.start(data, Map.of("PDS_DEV_MODE", "true", "PDS_INVITE_REQUIRED", "false"),
                List.of(), List.of())) {
            long last = pds.server.context().store().log().lastSeq();
            Map<String, String> lastRev = new HashMap<>();
            Set<String> logged = new HashSet<>();
            try (FirehoseClient c = FirehoseClient.connect(pds.server.baseUri(), "?cursor=0")) {
                for (long seq = 1; seq <= last; seq++) {
                    StreamMessage m = FrameDecoder.decode(c.next());
                    assertEquals(seq, m.seq(), "gap-free from 1 to " + last);
                    if (m instanceof StreamMessage.Commit commit) {
                        assertEquals(lastRev.get(commit.repo()), commit.since(), "each commit follows the one before");
                        lastRev.put(commit.repo(), commit.rev());
                        assertTrue(logged.add(commit.commit().toString()), "logged once");
                    }
                }
            }
            for (String cid : acked) {
                assertTrue(logged.contains(cid), "acknowledged commit " + cid + " is in the stream");
            }
            int firstCommits = dids.size();
            int extra = logged.size() - firstCommits - acked.size();
            assertTrue(extra >= 0 && extra <= CLIENTS, "only answers in flight may be extra: " + extra);
            // the stream ends where each repo is
            for (String did : dids) {
                String head = pds.server.context().store().head(dev.pds.core.syntax.Did.parse(did)).orElseThrow().rev();
                assertEquals(head, lastRev.get(did));
            }
        }
    }

    private static URI awaitListening(Process child) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String line;
        while ((line = out.readLine()) != null) {
            Matcher m = LISTENING.matcher(line);
            if (m.find() && line.contains("PDS ")) {
                URI uri = URI.create(m.group(1));
                // keep draining its output so it never blocks on a full pipe
                Thread drain = new Thread(() -> {
                    try {
                        while (out.readLine() != null) {
                            // discard
                        }
                    } catch (java.io.IOException e) {
                        // child gone
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return uri;
            }
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        throw new AssertionError("the server did not start");
    }

    private static JsonNode post(HttpClient http, URI base, String nsid, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/xrpc/" + nsid)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(nsid + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }
}
