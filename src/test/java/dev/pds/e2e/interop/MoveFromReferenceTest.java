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
 * An account moves from the reference PDS to ours, driven by {@code @atproto/api} as the
 * official migration guide does it ({@code src/test/interop/move/move-from-reference.mjs}):
 * the reference's service auth accepted here, its export imported, its blob uploaded, the PLC
 * operation it signs submitted here, the account activated here. Both servers use the
 * reference's PLC directory.
 */
class MoveFromReferenceTest {
    @TempDir
    Path refData;
    @TempDir
    Path ourData;

    @Test
    void anAccountMovesFromTheReferencePdsToOurs() throws Exception {
        NodeClients node = NodeClients.require("@atproto/api", "@atproto/pds", "@did-plc/server", "better-sqlite3");
        try (ReferencePds ref = ReferencePds.start(node, refData);
                TestServer ours = TestServer.start(ourData, Map.of("PDS_DEV_MODE", "true", "PDS_INVITE_REQUIRED", "false",
                        "PDS_DID_PLC_URL", ref.plcUrl()), List.of(), List.of())) {
            NodeClients.Run run = node.run(120, "move/move-from-reference.mjs", ref.url(), refData.toString(),
                    ours.server.config().publicUrl());
            assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
            List<String> steps = run.stdout().lines().filter(l -> l.startsWith("ok ")).toList();
            assertEquals(6, steps.size(), run.stdout());
            assertTrue(steps.get(5).contains("activated here"), run.stdout());
        }
    }
}
