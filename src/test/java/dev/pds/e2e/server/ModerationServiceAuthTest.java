package dev.pds.e2e.server;

import static dev.pds.e2e.server.AccountsAndSessionsTest.assertError;
import static dev.pds.e2e.server.AccountsAndSessionsTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.pds.crypto.Curve;
import dev.pds.crypto.Keypair;
import dev.pds.e2e.TestServer;
import dev.pds.server.proxy.ServiceAuthToken;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A moderation service ({@code PDS_MOD_SERVICE_DID}) calls the moderator methods with its own
 * service JWTs, as Ozone does: signed with its {@code #atproto} key, or as its labeler service
 * with its {@code #atproto_label} key, for us and for the one method. Anyone else's JWT, a
 * token for another method, the wrong key, or any JWT when no moderation service is configured,
 * is refused; the operator-only methods still take the admin password alone.
 */
class ModerationServiceAuthTest {
    static final String STATUS = "/xrpc/com.atproto.admin.updateSubjectStatus";
    static final String GET_STATUS = "com.atproto.admin.getSubjectStatus";
    static final Keypair ATPROTO_KEY = Keypair.generate(Curve.K256);
    static final Keypair LABEL_KEY = Keypair.generate(Curve.P256);

    @TempDir
    Path data;

    static HttpServer modService() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String did = "did:web:localhost%3A" + server.getAddress().getPort();
        server.createContext("/.well-known/did.json", ex -> {
            byte[] body = ("{\"id\":\"" + did + "\",\"verificationMethod\":["
                    + "{\"id\":\"" + did + "#atproto\",\"type\":\"Multikey\",\"controller\":\"" + did + "\",\"publicKeyMultibase\":\""
                    + ATPROTO_KEY.didKey().substring("did:key:".length()) + "\"},"
                    + "{\"id\":\"#atproto_label\",\"type\":\"Multikey\",\"controller\":\"" + did + "\",\"publicKeyMultibase\":\""
                    + LABEL_KEY.didKey().substring("did:key:".length()) + "\"}]}").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("content-type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        return server;
    }

    static HttpResponse<String> post(TestServer pds, String path, String json, String bearer) throws Exception {
        return pds.http.send(pds.request(path).header("Content-Type", "application/json").header("Authorization", "Bearer " + bearer)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theModerationServiceTakesARecordDownWithItsOwnJwt() throws Exception {
        HttpServer mod = modService();
        String modDid = "did:web:localhost%3A" + mod.getAddress().getPort();
        try (TestServer pds = TestServer.start(data, Map.of("PDS_DEV_MODE", "true", "PDS_INVITE_REQUIRED", "false",
                "PDS_MOD_SERVICE_URL", "http://127.0.0.1:" + mod.getAddress().getPort(), "PDS_MOD_SERVICE_DID", modDid),
                List.of(), List.of())) {
            TestServer.Session alice = pds.createAccount("alice");
            String uri = ContentTakedownTest.post(pds, alice, "hello");
            String rkey = ContentTakedownTest.rkey(uri);
            String us = pds.server.context().config().serviceDid();
            String body = ContentTakedownTest.recordTakedown(uri, "bafyreidfayvfuwqa7qlnopdjiqrxzs6blmoeu4rujcjtnci5beludirz2a", true, "ozone-1");
            Clock clock = Clock.systemUTC();
            String lxm = "com.atproto.admin.updateSubjectStatus";

            // refused: another method's token, the wrong key, a DID that is not the moderation service, a user's token
            assertError(post(pds, STATUS, body, ServiceAuthToken.create(LABEL_KEY, modDid + "#atproto_labeler", us, GET_STATUS, clock)),
                    401, "BadJwtLexiconMethod");
            assertError(post(pds, STATUS, body, ServiceAuthToken.create(ATPROTO_KEY, modDid + "#atproto_labeler", us, lxm, clock)),
                    401, "BadJwtSignature");
            assertError(post(pds, STATUS, body, ServiceAuthToken.create(ATPROTO_KEY, alice.did(), us, lxm, clock)), 401, "UntrustedIss");
            assertError(post(pds, STATUS, body, ServiceAuthToken.create(LABEL_KEY, modDid + "#atproto_labeler", "did:web:elsewhere.test",
                    lxm, clock)), 401, "BadJwtAudience");
            assertEquals(401, post(pds, STATUS, body, alice.accessJwt()).statusCode());
            assertEquals(200, ContentTakedownTest.getRecord(pds, alice.did(), rkey).statusCode(), "nothing refused changed anything");

            HttpResponse<String> r = post(pds, STATUS, body, ServiceAuthToken.create(LABEL_KEY, modDid + "#atproto_labeler", us, lxm, clock));
            assertEquals(200, r.statusCode(), r.body());
            assertError(ContentTakedownTest.getRecord(pds, alice.did(), rkey), 400, "RecordNotFound");

            HttpResponse<String> status = pds.http.send(pds.request("/xrpc/" + GET_STATUS + "?uri=" + uri).GET()
                    .header("Authorization", "Bearer " + ServiceAuthToken.create(ATPROTO_KEY, modDid, us, GET_STATUS, clock)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, status.statusCode(), status.body());
            assertEquals("ozone-1", json(status).at("/takedown/ref").asText());

            // an operator-only method takes the admin password alone, as on the reference
            HttpResponse<String> delete = post(pds, "/xrpc/com.atproto.admin.deleteAccount", "{\"did\":\"" + alice.did() + "\"}",
                    ServiceAuthToken.create(ATPROTO_KEY, modDid, us, "com.atproto.admin.deleteAccount", clock));
            assertEquals(401, delete.statusCode(), delete.body());
            assertTrue(pds.server.context().accounts().byDid(dev.pds.core.syntax.Did.parse(alice.did())).isPresent());
        } finally {
            mod.stop(0);
        }
    }

    @Test
    void withoutAModerationServiceEveryJwtIsUntrusted() throws Exception {
        try (TestServer pds = TestServer.start(data, Map.of("PDS_DEV_MODE", "true", "PDS_INVITE_REQUIRED", "false"), List.of(), List.of())) {
            TestServer.Session alice = pds.createAccount("alice");
            String us = pds.server.context().config().serviceDid();
            assertError(post(pds, STATUS, OperatorAccountsTest.takedown(alice.did(), true),
                    ServiceAuthToken.create(ATPROTO_KEY, "did:web:mod.test", us, "com.atproto.admin.updateSubjectStatus", Clock.systemUTC())),
                    401, "UntrustedIss");
            assertTrue(json(pds.get("/xrpc/com.atproto.sync.getRepoStatus?did=" + alice.did())).get("active").asBoolean());
        }
    }
}
