package dev.pds.e2e.server;

import static dev.pds.e2e.server.AccountsAndSessionsTest.assertError;
import static dev.pds.e2e.server.AccountsAndSessionsTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.pds.crypto.Curve;
import dev.pds.crypto.Keypair;
import dev.pds.e2e.TestServer;
import dev.pds.server.proxy.ServiceAuthToken;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An account with a did:web moves here: its old server's service auth (checked against the key
 * in the document at its host) creates it deactivated; its owner edits the document by hand to
 * name this server and the key getRecommendedDidCredentials gives; then it activates, its
 * sessions carry the document, describeRepo reads it, and a handle change needs the document to
 * name the handle first.
 */
class WebDidMoveTest {
    static final Keypair OLD_KEY = Keypair.generate(Curve.K256);

    @TempDir
    Path data;
    HttpServer host;
    String did;
    volatile String handle = "mover.test";
    volatile String key = OLD_KEY.didKey();
    volatile String endpoint = "https://old-pds.example.com";

    @BeforeEach
    void startHost() throws Exception {
        host = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        did = "did:web:localhost%3A" + host.getAddress().getPort();
        host.createContext("/.well-known/did.json", ex -> {
            byte[] body = ("{\"@context\":[\"https://www.w3.org/ns/did/v1\"],\"id\":\"" + did + "\",\"alsoKnownAs\":[\"at://" + handle
                    + "\"],\"verificationMethod\":[{\"id\":\"" + did + "#atproto\",\"type\":\"Multikey\",\"controller\":\"" + did
                    + "\",\"publicKeyMultibase\":\"" + key.substring("did:key:".length()) + "\"}],\"service\":[{\"id\":\"#atproto_pds\","
                    + "\"type\":\"AtprotoPersonalDataServer\",\"serviceEndpoint\":\"" + endpoint + "\"}]}").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("content-type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        host.start();
    }

    @AfterEach
    void stopHost() {
        host.stop(0);
    }

    @Test
    void aDidWebAccountMovesHereWhenItsDocumentNamesThisServer() throws Exception {
        try (TestServer pds = TestServer.start(data, Map.of("PDS_DEV_MODE", "true", "PDS_INVITE_REQUIRED", "false"), List.of(), List.of())) {
            String us = pds.server.context().config().serviceDid();
            String signup = "{\"did\":\"" + did + "\",\"handle\":\"mover.test\",\"email\":\"mover@example.com\",\"password\":\"mover-pass\"}";
            String lxm = "com.atproto.server.createAccount";
            // a token its document's key did not sign is refused
            assertError(pds.postJson("/xrpc/" + lxm, signup,
                    ServiceAuthToken.create(Keypair.generate(Curve.K256), did, us, lxm, Clock.systemUTC())), 401, "BadJwtSignature");
            HttpResponse<String> created = pds.postJson("/xrpc/" + lxm, signup, ServiceAuthToken.create(OLD_KEY, did, us, lxm, Clock.systemUTC()));
            assertEquals(200, created.statusCode(), created.body());
            String access = json(created).get("accessJwt").asText();
            assertFalse(json(created).has("didDoc"), "the document still names the old server");
            assertFalse(json(pds.get("/xrpc/com.atproto.server.getSession", access)).get("active").asBoolean());

            HttpResponse<String> early = AccountMoveTest.postEmpty(pds, "/xrpc/com.atproto.server.activateAccount", access);
            assertError(early, 400, "InvalidRequest");
            assertTrue(early.body().contains("service endpoint does not match"), early.body());

            JsonNode creds = json(pds.get("/xrpc/com.atproto.identity.getRecommendedDidCredentials", access));
            endpoint = creds.at("/services/atproto_pds/endpoint").asText();
            assertError(AccountMoveTest.postEmpty(pds, "/xrpc/com.atproto.server.activateAccount", access), 400, "InvalidRequest");
            key = creds.at("/verificationMethods/atproto").asText();
            assertTrue(json(pds.get("/xrpc/com.atproto.server.checkAccountStatus", access)).get("validDid").asBoolean());
            HttpResponse<String> activated = AccountMoveTest.postEmpty(pds, "/xrpc/com.atproto.server.activateAccount", access);
            assertEquals(200, activated.statusCode(), activated.body());

            JsonNode session = json(pds.get("/xrpc/com.atproto.server.getSession", access));
            assertTrue(session.get("active").asBoolean(), session.toString());
            assertEquals(did, session.at("/didDoc/id").asText(), "the document names this server now");
            HttpResponse<String> describe = pds.get("/xrpc/com.atproto.repo.describeRepo?repo=" + java.net.URLEncoder.encode(did, StandardCharsets.UTF_8));
            assertEquals(200, describe.statusCode(), describe.body());
            assertTrue(json(describe).get("handleIsCorrect").asBoolean(), describe.body());

            // a new handle: the owner's document must name it first
            HttpResponse<String> refused = pds.postJson("/xrpc/com.atproto.identity.updateHandle", "{\"handle\":\"moved.test\"}", access);
            assertError(refused, 400, "InvalidRequest");
            assertEquals("mover.test", json(pds.get("/xrpc/com.atproto.server.getSession", access)).get("handle").asText());
            handle = "moved.test";
            HttpResponse<String> renamed = pds.postJson("/xrpc/com.atproto.identity.updateHandle", "{\"handle\":\"moved.test\"}", access);
            assertEquals(200, renamed.statusCode(), renamed.body());
            assertEquals("moved.test", json(pds.get("/xrpc/com.atproto.server.getSession", access)).get("handle").asText());

            // and it writes like any account
            assertEquals(200, pds.postJson("/xrpc/com.atproto.repo.createRecord", "{\"repo\":\"" + did
                    + "\",\"collection\":\"app.bsky.feed.post\",\"record\":{\"$type\":\"app.bsky.feed.post\",\"text\":\"here\","
                    + "\"createdAt\":\"2026-12-06T21:00:00.000Z\"}}", access).statusCode());
        }
    }
}
