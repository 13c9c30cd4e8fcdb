package dev.pds.e2e.plc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pds.core.plc.PlcChain;
import dev.pds.core.plc.PlcDids;
import dev.pds.core.plc.PlcJson;
import dev.pds.core.plc.PlcLogEntry;
import dev.pds.core.plc.PlcOperation;
import dev.pds.core.plc.PlcSignatures;
import dev.pds.core.plc.PlcTombstone;
import dev.pds.crypto.Curve;
import dev.pds.crypto.Keypair;
import dev.pds.server.plc.PlcDirectory;
import dev.pds.server.plc.PlcDirectoryServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded directory driven over real HTTP as any directory client would, no Node needed. */
class EmbeddedPlcDirectoryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final Keypair rotation = Keypair.generate(Curve.K256);
    private final Keypair recovery = Keypair.generate(Curve.P256);
    private final Keypair signing = Keypair.generate(Curve.K256);

    private PlcOperation genesis() {
        return PlcSignatures.sign(PlcOperation.atprotoGenesis(signing.didKey(), "e2e.test", "http://localhost:2583",
                List.of(recovery.didKey(), rotation.didKey())), rotation);
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String url, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesEveryRouteOfTheDirectory(@TempDir Path data) throws Exception {
        PlcOperation genesis = genesis();
        String did = PlcDids.didFor(genesis).toString();
        List<PlcLogEntry> auditBefore;
        try (PlcDirectoryServer server = PlcDirectoryServer.start(PlcDirectory.open(data, Clock.systemUTC()), 0)) {
            String base = server.url();
            assertEquals(200, get(base + "/_health").statusCode());
            assertTrue(JSON.readTree(get(base + "/_health").body()).get("version").isTextual());

            HttpResponse<String> created = post(base + "/" + did, genesis.toJson());
            assertEquals(200, created.statusCode(), created.body());

            HttpResponse<String> doc = get(base + "/" + did);
            assertEquals(200, doc.statusCode());
            assertEquals("application/did+ld+json", doc.headers().firstValue("content-type").orElse(""));
            JsonNode document = JSON.readTree(doc.body());
            assertEquals(did, document.get("id").textValue());
            assertEquals("at://e2e.test", document.get("alsoKnownAs").get(0).textValue());
            assertEquals(did + "#atproto", document.get("verificationMethod").get(0).get("id").textValue());
            assertEquals("Multikey", document.get("verificationMethod").get(0).get("type").textValue());
            assertEquals(signing.publicKey().multikey(),
                    document.get("verificationMethod").get(0).get("publicKeyMultibase").textValue());
            assertEquals("#atproto_pds", document.get("service").get(0).get("id").textValue());
            assertEquals("http://localhost:2583", document.get("service").get(0).get("serviceEndpoint").textValue());

            // the DID percent-encoded, as the directory's own client sends it
            JsonNode data1 = JSON.readTree(get(base + "/" + did.replace(":", "%3A") + "/data").body());
            assertEquals(did, data1.get("did").textValue());
            assertEquals(List.of(recovery.didKey(), rotation.didKey()),
                    List.of(data1.get("rotationKeys").get(0).textValue(), data1.get("rotationKeys").get(1).textValue()));

            JsonNode last = JSON.readTree(get(base + "/" + did + "/log/last").body());
            PlcOperation update = PlcSignatures.sign(genesis.asNextAfter(genesis.cid().toString())
                    .withHandle("renamed.test"), rotation);
            assertEquals(genesis.sig(), last.get("sig").textValue());
            assertEquals(200, post(base + "/" + did, update.toJson()).statusCode());
            assertEquals("at://renamed.test", JSON.readTree(get(base + "/" + did + "/data").body())
                    .get("alsoKnownAs").get(0).textValue());

            JsonNode log = JSON.readTree(get(base + "/" + did + "/log").body());
            assertEquals(2, log.size());
            assertEquals(update, PlcJson.readOp(log.get(1), true));

            JsonNode audit = JSON.readTree(get(base + "/" + did + "/log/audit").body());
            List<PlcLogEntry> entries = new ArrayList<>();
            audit.forEach(n -> entries.add(PlcLogEntry.fromJson(n)));
            assertEquals(genesis.cid(), entries.get(0).cid());
            assertTrue(audit.get(0).get("createdAt").textValue().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
            assertEquals("renamed.test", PlcChain.verifyAuditLog(did, entries).handle());

            // recovery by the higher-priority key undoes the rename
            PlcOperation recover = PlcSignatures.sign(genesis.asNextAfter(genesis.cid().toString())
                    .withHandle("recovered.test"), recovery);
            assertEquals(200, post(base + "/" + did, recover.toJson()).statusCode());
            JsonNode audit2 = JSON.readTree(get(base + "/" + did + "/log/audit").body());
            assertEquals(List.of(false, true, false), List.of(audit2.get(0).get("nullified").booleanValue(),
                    audit2.get(1).get("nullified").booleanValue(), audit2.get(2).get("nullified").booleanValue()));
            assertEquals(2, JSON.readTree(get(base + "/" + did + "/log").body()).size());
            auditBefore = server.directory().getAuditLog(did);
        }
        // restart on the same folder: the DID and its history are still there
        try (PlcDirectoryServer server = PlcDirectoryServer.start(PlcDirectory.open(data, Clock.systemUTC()), 0)) {
            assertEquals(1, server.directory().size());
            assertEquals(auditBefore, server.directory().getAuditLog(did));
            JsonNode after = JSON.readTree(get(server.url() + "/" + did + "/data").body());
            assertEquals("at://recovered.test", after.get("alsoKnownAs").get(0).textValue());
        }
    }

    @Test
    void answersErrorsWithTheDirectorysShapes() throws Exception {
        try (PlcDirectoryServer server = PlcDirectoryServer.start(PlcDirectory.inMemory(Clock.systemUTC()), 0)) {
            String base = server.url();
            String unknown = "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa";
            for (String suffix : List.of("", "/data", "/log", "/log/audit", "/log/last")) {
                HttpResponse<String> r = get(base + "/" + unknown + suffix);
                assertEquals(404, r.statusCode(), suffix);
                assertEquals("DID not registered: " + unknown, JSON.readTree(r.body()).get("message").textValue());
            }
            PlcOperation genesis = genesis();
            String did = PlcDids.didFor(genesis).toString();

            HttpResponse<String> wrongDid = post(base + "/" + unknown, genesis.toJson());
            assertEquals(400, wrongDid.statusCode());
            assertTrue(JSON.readTree(wrongDid.body()).get("message").textValue()
                    .startsWith("Hash of genesis operation does not match DID identifier"));

            for (String body : List.of("not json", "{}", "[]", genesis.toJson().replace("\"prev\":null", "\"prev\":1"))) {
                HttpResponse<String> r = post(base + "/" + did, body);
                assertEquals(400, r.statusCode(), body);
                assertTrue(JSON.readTree(r.body()).get("message").isTextual());
            }
            HttpResponse<String> forged = post(base + "/" + did,
                    PlcSignatures.sign(genesis.withSig(null), Keypair.generate(Curve.K256)).toJson());
            assertEquals(400, forged.statusCode());

            assertEquals(413, post(base + "/" + did, "{\"x\":\"" + "a".repeat(200_000) + "\"}").statusCode());

            assertEquals(200, post(base + "/" + did, genesis.toJson()).statusCode());
            HttpResponse<String> again = post(base + "/" + did, genesis.toJson());
            assertEquals(400, again.statusCode());
            assertEquals("Operations not correctly ordered", JSON.readTree(again.body()).get("message").textValue());

            PlcTombstone tomb = PlcSignatures.sign(PlcTombstone.after(genesis.cid().toString()), rotation);
            assertEquals(200, post(base + "/" + did, tomb.toJson()).statusCode());
            HttpResponse<String> gone = get(base + "/" + did);
            assertEquals(404, gone.statusCode());
            assertEquals("DID not available: " + did, JSON.readTree(gone.body()).get("message").textValue());
            assertEquals("plc_tombstone", JSON.readTree(get(base + "/" + did + "/log/last").body()).get("type").textValue());

            assertEquals(404, get(base + "/" + did + "/nothing").statusCode());
            assertEquals(404, HTTP.send(HttpRequest.newBuilder(URI.create(base + "/" + did + "/data"))
                    .DELETE().build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }

    @Test
    void bindsToLoopbackOnly() throws IOException {
        try (PlcDirectoryServer server = PlcDirectoryServer.start(PlcDirectory.inMemory(Clock.systemUTC()), 0)) {
            assertTrue(server.url().startsWith("http://127.0.0.1:"));
        }
    }
}
