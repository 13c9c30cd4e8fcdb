package dev.pds.e2e.plc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.core.plc.PlcDids;
import dev.pds.core.plc.PlcOperation;
import dev.pds.core.plc.PlcSignatures;
import dev.pds.crypto.Curve;
import dev.pds.crypto.Keypair;
import dev.pds.server.PdsServer;
import dev.pds.server.config.PdsConfig;
import dev.pds.server.plc.PlcClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A PDS started in dev mode without {@code PDS_DID_PLC_URL} runs its own directory, and stops it with itself. */
class DevModePlcDirectoryTest {

    @Test
    void devModeServerRunsAnEmbeddedDirectoryThatKeepsDids(@TempDir Path data) throws Exception {
        Map<String, String> env = Map.of("PDS_PORT", "0", "PDS_DATA_DIRECTORY", data.toString(), "PDS_DEV_MODE", "true");
        Keypair rotation = Keypair.generate(Curve.K256);
        PlcOperation genesis = PlcSignatures.sign(PlcOperation.atprotoGenesis(Keypair.generate(Curve.K256).didKey(),
                "dev.test", "http://localhost:2583", List.of(rotation.didKey())), rotation);
        String did = PlcDids.didFor(genesis).toString();
        String url;
        try (PdsServer server = PdsServer.start(PdsConfig.fromEnvironment(env))) {
            assertTrue(server.plc().isEmbedded());
            url = server.plc().url();
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url + "/_health")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            server.plc().client().submit(did, genesis);
            assertEquals("dev.test", new PlcClient(url).getData(did).handle());
        }
        // stopped with the server
        assertThrows(IOException.class, () -> HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url + "/_health")).build(), HttpResponse.BodyHandlers.ofString()));
        try (PdsServer again = PdsServer.start(PdsConfig.fromEnvironment(env))) {
            assertEquals(genesis, again.plc().client().getLastOp(did));
        }
    }

    @Test
    void configuredDirectoryIsNotEmbedded(@TempDir Path data) throws Exception {
        Map<String, String> env = Map.of("PDS_PORT", "0", "PDS_DATA_DIRECTORY", data.toString(), "PDS_DEV_MODE", "true",
                "PDS_DID_PLC_URL", "http://127.0.0.1:9");
        try (PdsServer server = PdsServer.start(PdsConfig.fromEnvironment(env))) {
            assertFalse(server.plc().isEmbedded());
            assertEquals("http://127.0.0.1:9", server.plc().url());
        }
    }
}
