package dev.pds.e2e.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.e2e.SmtpSink;
import dev.pds.e2e.TestServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An account moves from our PDS to the reference PDS, driven by {@code @atproto/api}
 * ({@code src/test/interop/move/move-to-reference.mjs}): the reference takes our service auth,
 * imports our export and our blob, and submits the PLC operation we sign with the code we mail
 * (read here from a test mail server and handed to the script). Both servers use the
 * reference's PLC directory.
 */
class MoveToReferenceTest {
    @TempDir
    Path refData;
    @TempDir
    Path ourData;

    @Test
    void anAccountMovesFromOursToTheReferencePds() throws Exception {
        NodeClients node = NodeClients.require("@atproto/api", "@atproto/pds", "@did-plc/server");
        try (SmtpSink mail = new SmtpSink();
                ReferencePds ref = ReferencePds.start(node, refData);
                TestServer ours = TestServer.start(ourData, Map.of("PDS_DEV_MODE", "true", "PDS_INVITE_REQUIRED", "false",
                        "PDS_DID_PLC_URL", ref.plcUrl(), "PDS_EMAIL_SMTP_URL", mail.url()), List.of(), List.of())) {
            Process script = node.start("move/move-to-reference.mjs", ours.server.config().publicUrl(), ref.url());
            List<String> out = new ArrayList<>();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(script.getInputStream(), StandardCharsets.UTF_8));
                    OutputStream stdin = script.getOutputStream()) {
                for (String line; (line = lines.readLine()) != null; ) {
                    out.add(line);
                    if (line.equals("need code")) {
                        stdin.write((mail.next().code() + "\n").getBytes(StandardCharsets.UTF_8));
                        stdin.flush();
                    }
                }
            } finally {
                assertTrue(script.waitFor(120, TimeUnit.SECONDS), "the script ended");
                script.destroyForcibly();
            }
            String all = String.join("\n", out);
            assertEquals(0, script.exitValue(), all);
            List<String> steps = out.stream().filter(l -> l.startsWith("ok ")).toList();
            assertEquals(5, steps.size(), all);
            assertTrue(steps.get(4).contains("deactivated here"), all);
        }
    }
}
