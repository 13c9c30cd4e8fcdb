package dev.pds.server.plc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.core.plc.PlcDids;
import dev.pds.core.plc.PlcOperation;
import dev.pds.server.config.PdsConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlcDirectorySetupTest {

    @Test
    void devModeWithoutUrlEmbedsADirectoryThatKeepsItsData(@TempDir Path work) throws IOException {
        PdsConfig config = PdsConfig.fromEnvironment(Map.of("PDS_DEV_MODE", "true"), work);
        PlcOperation genesis = PlcDirectoryTest.genesis();
        String did = PlcDids.didFor(genesis).toString();
        try (PlcDirectorySetup setup = PlcDirectorySetup.fromConfig(config, 0)) {
            assertTrue(setup.isEmbedded());
            assertTrue(setup.url().startsWith("http://127.0.0.1:"));
            assertInstanceOf(PlcDirectory.class, setup.client());
            setup.client().submit(did, genesis);
            // the same directory over its HTTP port
            assertEquals("alice.test", new PlcClient(setup.url()).getData(did).handle());
        }
        assertTrue(Files.exists(config.dataDirectory().resolve("plc").resolve(PlcDirectory.FILE_NAME)));
        try (PlcDirectorySetup again = PlcDirectorySetup.fromConfig(config, 0)) {
            assertEquals(genesis, again.client().getLastOp(did));
        }
    }

    @Test
    void configuredOrProductionDirectoryIsRemote(@TempDir Path work) throws IOException {
        PdsConfig dev = PdsConfig.fromEnvironment(Map.of("PDS_DEV_MODE", "true",
                "PDS_DID_PLC_URL", "http://127.0.0.1:2582"), work);
        try (PlcDirectorySetup setup = PlcDirectorySetup.fromConfig(dev, 0)) {
            assertFalse(setup.isEmbedded());
            assertEquals("http://127.0.0.1:2582", setup.url());
            assertInstanceOf(PlcClient.class, setup.client());
        }
        PdsConfig prod = PdsConfig.fromEnvironment(Map.of(), work);
        try (PlcDirectorySetup setup = PlcDirectorySetup.fromConfig(prod, 0)) {
            assertFalse(setup.isEmbedded());
            assertEquals(PdsConfig.DEFAULT_PLC_URL, setup.url());
        }
        assertFalse(Files.exists(prod.dataDirectory().resolve("plc")));
    }
}
