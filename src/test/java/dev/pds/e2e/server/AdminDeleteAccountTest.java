package dev.pds.e2e.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import dev.pds.core.data.Cid;
import dev.pds.core.store.Table;
import dev.pds.core.store.TableEntry;
import dev.pds.core.syntax.Did;
import dev.pds.e2e.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * com.atproto.admin.deleteAccount: the operator removes an account; everything it held goes,
 * its tokens stop, the network hears an {@code #account} event, and other accounts are untouched.
 */
class AdminDeleteAccountTest {
    private static final String ADMIN_PASSWORD = "admin-pass-for-delete-tests";
    private static final String DELETE = "/xrpc/com.atproto.admin.deleteAccount";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());

    @TempDir
    Path data;
    TestServer pds;

    @BeforeEach
    void start() throws Exception {
        pds = TestServer.start(data, Map.of("PDS_DEV_MODE", "true", "PDS_INVITE_REQUIRED", "false",
                "PDS_ADMIN_PASSWORD", ADMIN_PASSWORD), List.of(), List.of());
    }

    @AfterEach
    void stop() {
        pds.close();
    }

    @Test
    void removesTheAccountAndEverythingItHeld() throws Exception {
        TestServer.Session alice = pds.createAccount("alice");
        TestServer.Session bob = pds.createAccount("bob");
        JsonNode blob = uploadPng(alice.accessJwt());
        String post = "{\"repo\":\"" + alice.did() + "\",\"collection\":\"app.bsky.feed.post\",\"record\":{"
                + "\"$type\":\"app.bsky.feed.post\",\"text\":\"hello\",\"createdAt\":\"2026-11-22T00:00:00.000Z\","
                + "\"embed\":{\"$type\":\"app.bsky.embed.images\",\"images\":[{\"alt\":\"\",\"image\":" + blob + "}]}}}";
        assertEquals(200, pds.postJson("/xrpc/com.atproto.repo.createRecord", post, alice.accessJwt()).statusCode());
        String bobPost = pds.postJson("/xrpc/com.atproto.repo.createRecord", "{\"repo\":\"" + bob.did()
                + "\",\"collection\":\"app.bsky.feed.post\",\"record\":{\"$type\":\"app.bsky.feed.post\",\"text\":\"hi\","
                + "\"createdAt\":\"2026-11-22T00:00:00.000Z\"}}", bob.accessJwt()).body();
        assertEquals(200, pds.postJson("/xrpc/app.bsky.actor.putPreferences",
                "{\"preferences\":[{\"$type\":\"app.bsky.actor.defs#adultContentPref\",\"enabled\":true}]}",
                alice.accessJwt()).statusCode());
        JsonNode appPassword = JSON.readTree(pds.postJson("/xrpc/com.atproto.server.createAppPassword",
                "{\"name\":\"phone\"}", alice.accessJwt()).body());
        Path blobFile = pds.server.context().blobs().path(Did.parse(alice.did()),
                Cid.parse(blob.path("ref").path("$link").asText()));
        assertTrue(Files.isRegularFile(blobFile), "the blob is stored before the deletion");

        // deactivated first, so that the time kept for that has to go too
        assertEquals(200, pds.postJson("/xrpc/com.atproto.server.deactivateAccount", "{}", alice.accessJwt()).statusCode());
        assertTrue(pds.server.context().accounts().deactivatedAt(Did.parse(alice.did())).isPresent());

        HttpResponse<String> deleted = admin(DELETE, "{\"did\":\"" + alice.did() + "\"}", basic(ADMIN_PASSWORD));
        assertEquals(200, deleted.statusCode(), deleted.body());

        // the repo, the handle, the tokens, the password and the app password are gone
        assertError(pds.get("/xrpc/com.atproto.sync.getRepo?did=" + alice.did()), 400, "RepoNotFound");
        assertEquals(400, pds.get("/xrpc/com.atproto.identity.resolveHandle?handle=alice.test").statusCode());
        // ended sessions answer as the reference does for revoked tokens, so clients log out
        assertError(pds.get("/xrpc/com.atproto.server.getSession", alice.accessJwt()), 400, "ExpiredToken");
        assertError(pds.http.send(pds.request("/xrpc/com.atproto.server.refreshSession")
                .header("Authorization", "Bearer " + alice.refreshJwt()).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()), 400, "ExpiredToken");
        assertError(login("alice.test", "alice-pass"), 401, "AuthenticationRequired");
        assertError(login("alice.test", appPassword.path("password").asText()), 401, "AuthenticationRequired");
        assertFalse(Files.exists(blobFile), "the blob file is deleted");
        assertFalse(Files.exists(blobFile.getParent()), "the account's blob folder is deleted");
        assertTrue(pds.server.context().store().head(Did.parse(alice.did())).isEmpty());
        for (Table table : Table.values()) {
            for (TableEntry e : pds.server.context().store().scan(table, new byte[0], null, 100_000, false)) {
                boolean uploadTime = table == Table.BLOBS && e.keyString().startsWith("t/");
                assertFalse(!uploadTime && e.keyString().contains(alice.did()),
                        "no row of alice's is left in " + table + ": " + e.keyString().replace('\0', '|'));
            }
        }

        // bob is untouched
        assertEquals(200, pds.get("/xrpc/com.atproto.server.getSession", bob.accessJwt()).statusCode());
        String bobUri = JSON.readTree(bobPost).path("uri").asText();
        String rkey = bobUri.substring(bobUri.lastIndexOf('/') + 1);
        assertEquals(200, pds.get("/xrpc/com.atproto.repo.getRecord?repo=" + bob.did()
                + "&collection=app.bsky.feed.post&rkey=" + rkey).statusCode());

        // the handle and email are free again, for a new identity
        TestServer.Session again = pds.createAccount("alice");
        assertNotEquals(alice.did(), again.did());

        // the firehose tells the network, after alice's own commits
        List<JsonNode[]> frames = replay(pds.server.baseUri());
        JsonNode[] last = null;
        for (JsonNode[] f : frames) {
            if (alice.did().equals(f[1].path("did").asText())) {
                last = f;
            }
        }
        assertTrue(last != null, "alice's events are in the stream");
        assertEquals("#account", last[0].path("t").asText());
        assertFalse(last[1].path("active").asBoolean(true));
        assertEquals("deleted", last[1].path("status").asText());
    }

    @Test
    void survivesARestart() throws Exception {
        TestServer.Session alice = pds.createAccount("alice");
        assertEquals(200, admin(DELETE, "{\"did\":\"" + alice.did() + "\"}", basic(ADMIN_PASSWORD)).statusCode());
        pds.close();
        pds = TestServer.start(data, Map.of("PDS_DEV_MODE", "true", "PDS_INVITE_REQUIRED", "false",
                "PDS_ADMIN_PASSWORD", ADMIN_PASSWORD), List.of(), List.of());
        assertError(pds.get("/xrpc/com.atproto.sync.getRepo?did=" + alice.did()), 400, "RepoNotFound");
        assertError(login("alice.test", "alice-pass"), 401, "AuthenticationRequired");
    }

    @Test
    void refusesAnythingButTheAdmin() throws Exception {
        TestServer.Session alice = pds.createAccount("alice");
        String body = "{\"did\":\"" + alice.did() + "\"}";
        assertEquals(401, admin(DELETE, body, null).statusCode());
        assertEquals(401, admin(DELETE, body, basic("wrong-password")).statusCode());
        assertEquals(401, admin(DELETE, body, "Bearer " + alice.accessJwt()).statusCode());
        assertError(admin(DELETE, "{\"did\":\"not-a-did\"}", basic(ADMIN_PASSWORD)), 400, "InvalidRequest");
        assertError(admin(DELETE, "{}", basic(ADMIN_PASSWORD)), 400, "InvalidRequest");
        assertEquals(200, pds.get("/xrpc/com.atproto.server.getSession", alice.accessJwt()).statusCode(),
                "refused deletions leave the account as it was");
    }

    @Test
    void deletingAnAbsentAccountSucceedsSoOperatorsCanRetry() throws Exception {
        TestServer.Session alice = pds.createAccount("alice");
        String body = "{\"did\":\"" + alice.did() + "\"}";
        assertEquals(200, admin(DELETE, body, basic(ADMIN_PASSWORD)).statusCode());
        long seq = pds.server.context().store().log().lastSeq();
        assertEquals(200, admin(DELETE, body, basic(ADMIN_PASSWORD)).statusCode());
        assertEquals(200, admin(DELETE, "{\"did\":\"did:plc:aaaaaaaaaaaaaaaaaaaaaaaa\"}", basic(ADMIN_PASSWORD)).statusCode());
        assertEquals(seq, pds.server.context().store().log().lastSeq(), "a repeated deletion writes no new event");
    }

    private JsonNode uploadPng(String token) throws Exception {
        byte[] png = new byte[2048];
        new java.util.Random(7).nextBytes(png);
        byte[] head = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        System.arraycopy(head, 0, png, 0, head.length);
        HttpResponse<String> r = pds.http.send(pds.request("/xrpc/com.atproto.repo.uploadBlob")
                .header("Content-Type", "image/png").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(png)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body()).path("blob");
    }

    private HttpResponse<String> login(String identifier, String password) throws Exception {
        return pds.postJson("/xrpc/com.atproto.server.createSession",
                "{\"identifier\":\"" + identifier + "\",\"password\":\"" + password + "\"}");
    }

    private HttpResponse<String> admin(String path, String json, String authorization) throws Exception {
        HttpRequest.Builder b = pds.request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return pds.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String password) {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static void assertError(HttpResponse<String> r, int status, String error) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals(error, JSON.readTree(r.body()).path("error").asText(), r.body());
    }

    /** Every frame from cursor 0 up to the live tail, each as {header, body}. */
    private static List<JsonNode[]> replay(URI base) throws Exception {
        List<JsonNode[]> frames = new ArrayList<>();
        CompletableFuture<Void> quiet = new CompletableFuture<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://" + base.getHost() + ":" + base.getPort()
                        + "/xrpc/com.atproto.sync.subscribeRepos?cursor=0"), new WebSocket.Listener() {
                    private final java.io.ByteArrayOutputStream partial = new java.io.ByteArrayOutputStream();

                    @Override
                    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                        byte[] chunk = new byte[data.remaining()];
                        data.get(chunk);
                        partial.write(chunk, 0, chunk.length);
                        if (last) {
                            try (MappingIterator<JsonNode> it = CBOR.readerFor(JsonNode.class).readValues(partial.toByteArray())) {
                                synchronized (frames) {
                                    frames.add(new JsonNode[] {it.next(), it.next()});
                                }
                            } catch (Exception e) {
                                quiet.completeExceptionally(e);
                            }
                            partial.reset();
                        }
                        ws.request(1);
                        return null;
                    }
                }).get(30, TimeUnit.SECONDS);
        // the replay is done when no frame has come for a while
        int seen = -1;
        while (true) {
            Thread.sleep(300);
            synchronized (frames) {
                if (frames.size() == seen) {
                    break;
                }
                seen = frames.size();
            }
            if (quiet.isCompletedExceptionally()) {
                quiet.join();
            }
        }
        socket.abort();
        synchronized (frames) {
            return List.copyOf(frames);
        }
    }
}
