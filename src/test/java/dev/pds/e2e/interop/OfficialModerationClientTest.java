package dev.pds.e2e.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.e2e.TestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official client, {@code @atproto/api}'s AtpAgent, unchanged, drives the operator's and a
 * moderator's methods (src/test/interop/api/moderation-client.mjs): takedowns of a record and a
 * blob, subject status, account info, invite management, sendEmail, checkSignupQueue. The
 * client checks each answer against its lexicons, so a malformed answer fails a step.
 */
class OfficialModerationClientTest {
    static final String ADMIN = "interop-admin-pass";

    @TempDir
    Path data;

    @Test
    void atpAgentDrivesTheModerationMethodsUnchanged() throws Exception {
        NodeClients clients = NodeClients.require("@atproto/api");
        try (TestServer pds = TestServer.start(data, Map.of("PDS_DEV_MODE", "true", "PDS_INVITE_REQUIRED", "false",
                "PDS_ADMIN_PASSWORD", ADMIN), List.of(), List.of())) {
            NodeClients.Run run = clients.run(180, "api/moderation-client.mjs", "http://localhost:" + pds.server.port(), ADMIN, "mod");
            NodeClients.Steps steps = run.steps();
            assertEquals(6, steps.count(), "every step reported\n" + run.stdout() + run.stderr());
            assertEquals(List.of(), steps.failures(), "steps that failed");
            assertEquals(0, run.exitCode(), run.stderr());
            assertTrue(run.stdout().contains("sendEmail"));
        }
    }
}
