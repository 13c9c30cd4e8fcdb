package dev.pds.e2e.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.e2e.TestServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official client, {@code @atproto/api}'s AtpAgent, unchanged, drives our server through
 * what an app does (src/test/interop/api/api-client.mjs): every step must pass.
 */
class OfficialApiClientTest {
    @TempDir
    Path data;

    @Test
    void atpAgentWorksAgainstOurServerUnchanged() throws Exception {
        NodeClients clients = NodeClients.require("@atproto/api");
        try (TestServer pds = TestServer.start(data)) {
            // the DID document names http://localhost:<port>, where the agent goes after sign-up
            NodeClients.Run run = clients.run(180, "api/api-client.mjs", "http://localhost:" + pds.server.port(), "alice");
            NodeClients.Steps steps = run.steps();
            assertTrue(steps.count() >= 16, "every step reported; got " + steps.count() + "\n" + run.stdout() + run.stderr());
            assertEquals(List.of(), steps.failures(), "steps that failed");
            assertEquals(0, run.exitCode(), run.stderr());
        }
    }
}
