package dev.pds.e2e.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.car.CarLimits;
import dev.pds.core.plc.PlcJson;
import dev.pds.core.plc.PlcOp;
import dev.pds.core.plc.PlcOperation;
import dev.pds.core.plc.PlcSignatures;
import dev.pds.core.plc.PlcState;
import dev.pds.core.store.RepoHead;
import dev.pds.core.syntax.Did;
import dev.pds.core.syntax.Nsid;
import dev.pds.core.sync.RepoVerifier;
import dev.pds.core.sync.VerifiedRepo;
import dev.pds.crypto.Keypair;
import dev.pds.e2e.SmtpSink;
import dev.pds.e2e.TestServer;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An account moves from one server to another, both ours, sharing one PLC directory (the old
 * server's), with the calls an app makes for it: a service-auth token from the old server,
 * createAccount with the DID on the new one, importRepo of the old server's export, the missing
 * blobs uploaded, the DID pointed at the new server (the old server signs that operation with
 * the code it mails the account; the refused ones the test signs itself with the old server's
 * rotation key), and activateAccount. Bad input at each step is refused and changes nothing.
 */
class AccountMoveTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String POST = "app.bsky.feed.post";

    @TempDir
    Path oldData;
    @TempDir
    Path newData;
    TestServer oldPds;
    TestServer newPds;
    SmtpSink oldMail;

    @BeforeEach
    void start() throws Exception {
        oldMail = new SmtpSink();
        oldPds = TestServer.start(oldData, Map.of("PDS_DEV_MODE", "true", "PDS_INVITE_REQUIRED", "false",
                "PDS_EMAIL_SMTP_URL", oldMail.url()), List.of(), List.of());
        newPds = TestServer.start(newData, Map.of("PDS_DEV_MODE", "true", "PDS_INVITE_REQUIRED", "false",
                "PDS_DID_PLC_URL", oldPds.server.plc().url()), List.of(), List.of());
    }

    @AfterEach
    void stop() throws Exception {
        newPds.close();
        oldPds.close();
        oldMail.close();
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    static void ok(HttpResponse<?> r) {
        assertEquals(200, r.statusCode(), () -> "answer: " + r.body());
    }

    static void refused(HttpResponse<String> r, int status, String error, String messagePart) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals(error, json(r).path("error").asText(), r.body());
        if (messagePart != null) {
            assertTrue(json(r).path("message").asText().contains(messagePart), r.body());
        }
    }

    String serviceToken(TestServer.Session s, String lxm) throws Exception {
        HttpResponse<String> r = oldPds.get("/xrpc/com.atproto.server.getServiceAuth?aud="
                + URLEncoder.encode(newPds.server.config().serviceDid(), StandardCharsets.UTF_8) + "&lxm=" + lxm, s.accessJwt());
        ok(r);
        return json(r).get("token").asText();
    }

    HttpResponse<String> createHere(String did, String handle, String token) throws Exception {
        String body = "{\"did\":\"" + did + "\",\"handle\":\"" + handle + "\",\"email\":\"moved@example.com\",\"password\":\"moved-pass\"}";
        return newPds.postJson("/xrpc/com.atproto.server.createAccount", body, token);
    }

    static HttpResponse<String> postBytes(TestServer pds, String path, byte[] body, String type, String token) throws Exception {
        HttpRequest.Builder b = pds.request(path).header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return pds.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static byte[] getRepo(TestServer pds, String did) throws Exception {
        HttpResponse<byte[]> r = pds.http.send(pds.request("/xrpc/com.atproto.sync.getRepo?did=" + did).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        return r.body();
    }

    static void writePosts(TestServer pds, TestServer.Session s, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            ok(pds.postJson("/xrpc/com.atproto.repo.createRecord", "{\"repo\":\"" + s.did() + "\",\"collection\":\"" + POST
                    + "\",\"record\":{\"$type\":\"" + POST + "\",\"text\":\"post " + i + "\",\"createdAt\":\"2024-01-01T00:00:00Z\"}}",
                    s.accessJwt()));
        }
    }

    @Test
    void anAccountMovesWithItsRecordsBlobsAndIdentity() throws Exception {
        TestServer.Session alice = oldPds.createAccount("alice");
        writePosts(oldPds, alice, 30);
        byte[] image = new byte[3000];
        new Random(1).nextBytes(image);
        image[0] = (byte) 0x89;
        HttpResponse<String> uploaded = postBytes(oldPds, "/xrpc/com.atproto.repo.uploadBlob", image, "image/png", alice.accessJwt());
        ok(uploaded);
        JsonNode blob = json(uploaded).get("blob");
        String blobCid = blob.path("ref").path("$link").asText();
        ok(oldPds.postJson("/xrpc/com.atproto.repo.putRecord", "{\"repo\":\"" + alice.did()
                + "\",\"collection\":\"app.bsky.actor.profile\",\"rkey\":\"self\",\"record\":{\"$type\":\"app.bsky.actor.profile\","
                + "\"displayName\":\"Alice\",\"avatar\":" + blob + "}}", alice.accessJwt()));

        // 1. the account here, deactivated, proven by the old server's token
        HttpResponse<String> created = createHere(alice.did(), "alice.test", serviceToken(alice, "com.atproto.server.createAccount"));
        ok(created);
        assertEquals(alice.did(), json(created).get("did").asText());
        // the document still names the old server: the official client would follow it there
        assertFalse(json(created).has("didDoc"));
        String access = json(created).get("accessJwt").asText();
        JsonNode status = json(newPds.get("/xrpc/com.atproto.server.checkAccountStatus", access));
        assertFalse(status.get("activated").asBoolean());
        assertFalse(status.get("validDid").asBoolean());
        // a deactivated account takes no record writes yet
        refused(newPds.postJson("/xrpc/com.atproto.repo.createRecord", "{\"repo\":\"" + alice.did() + "\",\"collection\":\"" + POST
                + "\",\"record\":{\"$type\":\"" + POST + "\",\"text\":\"early\",\"createdAt\":\"2024-01-01T00:00:00Z\"}}", access),
                401, "AccountDeactivated", null);

        // 2. the repo
        byte[] export = getRepo(oldPds, alice.did());
        ok(postBytes(newPds, "/xrpc/com.atproto.repo.importRepo", export, "application/vnd.ipld.car", access));
        // reads of a deactivated repo are refused, as on the reference: the store says what it holds
        refused(newPds.get("/xrpc/com.atproto.repo.listRecords?repo=" + alice.did() + "&collection=" + POST), 400,
                "InvalidRequest", "Could not find repo");
        assertEquals(30, records(alice.did(), POST));
        assertEquals(1, records(alice.did(), "app.bsky.actor.profile"));
        status = json(newPds.get("/xrpc/com.atproto.server.checkAccountStatus", access));
        assertEquals(31, status.get("indexedRecords").asInt());
        assertEquals(1, status.get("expectedBlobs").asInt());
        assertEquals(0, status.get("importedBlobs").asInt());

        // 3. the blobs
        JsonNode missing = json(newPds.get("/xrpc/com.atproto.repo.listMissingBlobs", access));
        assertEquals(1, missing.get("blobs").size());
        assertEquals(blobCid, missing.get("blobs").get(0).get("cid").asText());
        HttpResponse<byte[]> fetched = oldPds.http.send(oldPds.request("/xrpc/com.atproto.sync.getBlob?did=" + alice.did()
                + "&cid=" + blobCid).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, fetched.statusCode());
        ok(postBytes(newPds, "/xrpc/com.atproto.repo.uploadBlob", fetched.body(), "image/png", access));
        assertEquals(0, json(newPds.get("/xrpc/com.atproto.repo.listMissingBlobs", access)).get("blobs").size());

        // 4. the identity: not activatable before the DID points here
        refused(activate(access), 400, "InvalidRequest", "Server rotation key not included in PLC DID data");
        JsonNode creds = json(newPds.get("/xrpc/com.atproto.identity.getRecommendedDidCredentials", access));
        String newKey = creds.path("verificationMethods").path("atproto").asText();
        String newRotation = creds.path("rotationKeys").get(0).asText();
        String newEndpoint = creds.path("services").path("atproto_pds").path("endpoint").asText();
        assertEquals(newPds.server.config().publicUrl(), newEndpoint);
        assertEquals("at://alice.test", creds.path("alsoKnownAs").get(0).asText());
        assertNotEquals(oldPds.server.context().plcRotationKey().didKey(), newRotation);

        Keypair oldRotation = oldPds.server.context().plcRotationKey();
        PlcOp last = oldPds.server.context().plc().getLastOp(alice.did());
        PlcOperation moved = PlcOperation.following(last).withRotationKeys(List.of(newRotation)).withAtprotoKey(newKey)
                .withPds(newEndpoint).withHandle("alice.test");
        // operations that would leave the account unserved here are refused, and not sent
        refused(submit(access, PlcSignatures.sign(moved.withPds("http://localhost:1"), oldRotation)), 400, "InvalidRequest",
                "Incorrect endpoint on atproto_pds service");
        refused(submit(access, PlcSignatures.sign(moved.withRotationKeys(List.of(oldRotation.didKey())), oldRotation)), 400,
                "InvalidRequest", "Rotation keys do not include server's rotation key");
        refused(submit(access, PlcSignatures.sign(moved.withAtprotoKey(oldRotation.didKey()), oldRotation)), 400,
                "InvalidRequest", "Incorrect signing key");
        assertEquals(oldPds.server.config().publicUrl(), oldPds.server.context().plc().getData(alice.did()).pdsEndpoint());
        // the old server signs the real one, with the code it mailed the account
        ok(postEmpty(oldPds, "/xrpc/com.atproto.identity.requestPlcOperationSignature", alice.accessJwt()));
        ObjectNode ask = (ObjectNode) creds.deepCopy();
        ask.put("token", oldMail.next().code());
        HttpResponse<String> signed = oldPds.postJson("/xrpc/com.atproto.identity.signPlcOperation", ask.toString(), alice.accessJwt());
        ok(signed);
        ok(submit(access, (PlcOperation) PlcJson.readOp(json(signed).get("operation"), true)));
        PlcState now = oldPds.server.context().plc().getData(alice.did());
        assertEquals(newEndpoint, now.pdsEndpoint());
        assertEquals(newKey, now.atprotoSigningKey());

        // 5. activation; the repo here is signed with the new key and takes writes
        ok(activate(access));
        status = json(newPds.get("/xrpc/com.atproto.server.checkAccountStatus", access));
        assertTrue(status.get("activated").asBoolean());
        assertTrue(status.get("validDid").asBoolean());
        writePosts(newPds, new TestServer.Session(alice.did(), "alice.test", access, null), 1);
        JsonNode listed = json(newPds.get("/xrpc/com.atproto.repo.listRecords?repo=" + alice.did() + "&collection=" + POST
                + "&limit=100"));
        assertEquals(31, listed.get("records").size());
        assertEquals("Alice", json(newPds.get("/xrpc/com.atproto.repo.getRecord?repo=" + alice.did()
                + "&collection=app.bsky.actor.profile&rkey=self")).path("value").path("displayName").asText());
        VerifiedRepo here = RepoVerifier.verify(getRepo(newPds, alice.did()), CarLimits.DEFAULT,
                new RepoVerifier.Expect(alice.did(), newKey));
        assertEquals(32, here.recordCount());
        // importing into an active account tells relays to fetch the repo again: one #sync event
        long before = newPds.server.context().store().log().lastSeq();
        ok(postBytes(newPds, "/xrpc/com.atproto.repo.importRepo", export, "application/vnd.ipld.car", access));
        var logged = newPds.server.context().store().log().events(before, 10);
        assertEquals(1, logged.size());
        assertTrue(new String(logged.get(0).frame(), StandardCharsets.ISO_8859_1).contains("#sync"));
        assertEquals(31, records(alice.did(), POST) + records(alice.did(), "app.bsky.actor.profile"),
                "the export again: the post written here since is gone");
        // and the password chosen for the move logs in, with the document that now names this server
        HttpResponse<String> login = newPds.postJson("/xrpc/com.atproto.server.createSession",
                "{\"identifier\":\"alice.test\",\"password\":\"moved-pass\"}");
        ok(login);
        assertEquals(alice.did(), json(login).path("didDoc").path("id").asText());
    }

    /** Records of a collection as the new server's store holds them (its XRPC reads refuse a deactivated repo). */
    int records(String did, String collection) {
        return newPds.server.context().store().records().listRecords(Did.parse(did), Nsid.parse(collection), 1000, null, false)
                .records().size();
    }

    HttpResponse<String> activate(String access) throws Exception {
        return postEmpty(newPds, "/xrpc/com.atproto.server.activateAccount", access);
    }

    static HttpResponse<String> postEmpty(TestServer pds, String path, String access) throws Exception {
        return pds.http.send(pds.request(path).header("Authorization", "Bearer " + access)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> submit(String access, PlcOperation op) throws Exception {
        return newPds.postJson("/xrpc/com.atproto.identity.submitPlcOperation", "{\"operation\":" + op.toJson() + "}", access);
    }

    @Test
    void creatingAnAccountWithADidNeedsThatDidsServiceAuthForThisMethod() throws Exception {
        TestServer.Session alice = oldPds.createAccount("alice");
        TestServer.Session bob = oldPds.createAccount("bob");
        refused(createHere(alice.did(), "alice.test", null), 401, "AuthenticationRequired",
                "Missing auth to create account with did: " + alice.did());
        // bob's token does not prove alice's DID
        refused(createHere(alice.did(), "alice.test", serviceToken(bob, "com.atproto.server.createAccount")), 401,
                "AuthenticationRequired", null);
        refused(createHere(alice.did(), "alice.test", serviceToken(alice, "com.atproto.repo.uploadBlob")), 401,
                "BadJwtLexiconMethod", "must match: com.atproto.server.createAccount");
        // an access token is not a service token
        refused(createHere(alice.did(), "alice.test", alice.accessJwt()), 401, "BadJwtType", null);
        // a signature that is not the DID key's
        String token = serviceToken(alice, "com.atproto.server.createAccount");
        String[] parts = token.split("\\.");
        byte[] sig = Base64.getUrlDecoder().decode(parts[2]);
        sig[5] ^= 1;
        refused(createHere(alice.did(), "alice.test", parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(sig)), 401, "BadJwtSignature", null);
        // for another server
        ObjectNode payload = (ObjectNode) JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        payload.put("aud", "did:web:elsewhere.example");
        refused(createHere(alice.did(), "alice.test", parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(JSON.writeValueAsBytes(payload)) + "." + parts[2]), 401, "BadJwtAudience", null);
        assertTrue(newPds.server.context().accounts().byDid(Did.parse(alice.did())).isEmpty(), "no account was made");
        assertTrue(newPds.server.context().store().head(Did.parse(alice.did())).isEmpty(), "no repo was made");
        // the good token works
        ok(createHere(alice.did(), "alice.test", token));
        refused(createHere(alice.did(), "alice2.test", serviceToken(alice, "com.atproto.server.createAccount")), 400,
                "InvalidRequest", "already exists here");
    }

    @Test
    void aBadImportIsRefusedAndChangesNothing() throws Exception {
        TestServer.Session alice = oldPds.createAccount("alice");
        TestServer.Session bob = oldPds.createAccount("bob");
        writePosts(oldPds, alice, 3);
        writePosts(oldPds, bob, 2);
        String access = json(createHere(alice.did(), "alice.test", serviceToken(alice, "com.atproto.server.createAccount")))
                .get("accessJwt").asText();
        RepoHead head = newPds.server.context().store().head(Did.parse(alice.did())).orElseThrow();

        refused(postBytes(newPds, "/xrpc/com.atproto.repo.importRepo", "not a car".getBytes(StandardCharsets.UTF_8),
                "application/vnd.ipld.car", access), 400, "InvalidRequest", null);
        // someone else's repo
        refused(postBytes(newPds, "/xrpc/com.atproto.repo.importRepo", getRepo(oldPds, bob.did()),
                "application/vnd.ipld.car", access), 400, "InvalidRequest", "not the expected " + alice.did());
        // cut short
        byte[] export = getRepo(oldPds, alice.did());
        byte[] cut = java.util.Arrays.copyOf(export, export.length - 40);
        refused(postBytes(newPds, "/xrpc/com.atproto.repo.importRepo", cut, "application/vnd.ipld.car", access), 400,
                "InvalidRequest", null);
        // no token, an app password's token
        assertEquals(401, postBytes(newPds, "/xrpc/com.atproto.repo.importRepo", export, "application/vnd.ipld.car", null)
                .statusCode());
        assertEquals(head, newPds.server.context().store().head(Did.parse(alice.did())).orElseThrow(), "nothing was written");
        assertEquals(0, records(alice.did(), POST));
        ok(postBytes(newPds, "/xrpc/com.atproto.repo.importRepo", export, "application/vnd.ipld.car", access));
        assertEquals(3, records(alice.did(), POST));
    }

    @Test
    void anOperatorCanTurnImportsOffAndLimitTheirSize() throws Exception {
        TestServer.Session alice = oldPds.createAccount("alice");
        writePosts(oldPds, alice, 20);
        byte[] export = getRepo(oldPds, alice.did());
        List<TestServer> servers = new ArrayList<>();
        try {
            TestServer closed = TestServer.start(newData.resolve("closed"), Map.of("PDS_DEV_MODE", "true", "PDS_INVITE_REQUIRED",
                    "false", "PDS_DID_PLC_URL", oldPds.server.plc().url(), "PDS_ACCEPTING_REPO_IMPORTS", "false"), List.of(), List.of());
            servers.add(closed);
            TestServer small = TestServer.start(newData.resolve("small"), Map.of("PDS_DEV_MODE", "true", "PDS_INVITE_REQUIRED",
                    "false", "PDS_DID_PLC_URL", oldPds.server.plc().url(), "PDS_MAX_REPO_IMPORT_SIZE", "1000"), List.of(), List.of());
            servers.add(small);
            for (TestServer pds : servers) {
                HttpResponse<String> r = pds.postJson("/xrpc/com.atproto.server.createAccount", "{\"did\":\"" + alice.did()
                        + "\",\"handle\":\"alice.test\",\"email\":\"a@example.com\",\"password\":\"pass-word\"}",
                        serviceToken(alice, "com.atproto.server.createAccount"));
                ok(r);
                String access = json(r).get("accessJwt").asText();
                HttpResponse<String> imported = postBytes(pds, "/xrpc/com.atproto.repo.importRepo", export,
                        "application/vnd.ipld.car", access);
                if (pds == closed) {
                    refused(imported, 400, "InvalidRequest", "Service is not accepting repo imports");
                } else {
                    refused(imported, 413, "PayloadTooLarge", null);
                }
            }
        } finally {
            servers.forEach(TestServer::close);
        }
    }
}
