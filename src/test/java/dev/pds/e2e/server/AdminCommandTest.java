package dev.pds.e2e.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.pds.e2e.TestServer;
import dev.pds.server.cli.PdsCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code pds admin}, the operator's commands (as the reference's pdsadmin), run against a
 * started server as an operator would: accounts made with their own invite code, listed, taken
 * down and restored, given a new password and deleted; invite codes; a relay asked to crawl.
 */
class AdminCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String PASSWORD = "ops-pass-for-the-cli";

    @TempDir
    Path data;
    @TempDir
    Path otherData;

    record Run(int exit, String out, String err) {
    }

    static Run pds(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new PdsCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static Run admin(TestServer server, String... args) {
        List<String> all = new ArrayList<>(List.of("admin", "--url", "http://localhost:" + server.server.port(), "--admin-password", PASSWORD));
        all.addAll(List.of(args));
        return pds(all.toArray(String[]::new));
    }

    static String field(String out, String label) {
        Matcher m = Pattern.compile(label + "\\s*:\\s*(\\S+)").matcher(out);
        assertTrue(m.find(), label + " in: " + out);
        return m.group(1);
    }

    static int login(TestServer server, String handle, String password) throws Exception {
        return server.postJson("/xrpc/com.atproto.server.createSession", "{\"identifier\":\"" + handle + "\",\"password\":\""
                + password + "\"}").statusCode();
    }

    @Test
    void anOperatorManagesAccountsFromTheCommandLine() throws Exception {
        try (TestServer server = TestServer.start(data, Map.of("PDS_DEV_MODE", "true", "PDS_INVITE_REQUIRED", "true",
                "PDS_ADMIN_PASSWORD", PASSWORD), List.of(), List.of())) {
            Run created = admin(server, "account", "create", "carol@example.com", "carol.test");
            assertEquals(0, created.exit(), created.err());
            String did = field(created.out(), "DID");
            String password = field(created.out(), "Password");
            assertEquals("carol.test", field(created.out(), "Handle"));
            assertEquals(24, password.length());
            assertEquals(200, login(server, "carol.test", password), "the printed password logs in");

            Run list = admin(server, "account", "list");
            assertEquals(0, list.exit(), list.err());
            String line = list.out().lines().filter(l -> l.contains(did)).findFirst().orElseThrow();
            assertTrue(line.contains("carol.test") && line.contains("carol@example.com") && line.endsWith("active"), line);

            assertEquals(0, admin(server, "account", "takedown", did).exit());
            JsonNode status = JSON.readTree(server.get("/xrpc/com.atproto.sync.getRepoStatus?did=" + did).body());
            assertEquals("takendown", status.get("status").asText());
            assertTrue(admin(server, "account", "list").out().lines().anyMatch(l -> l.contains(did) && l.endsWith("takendown")));
            assertEquals(0, admin(server, "account", "untakedown", did).exit());
            assertTrue(JSON.readTree(server.get("/xrpc/com.atproto.sync.getRepoStatus?did=" + did).body()).get("active").asBoolean());

            Run reset = admin(server, "account", "reset-password", did);
            assertEquals(0, reset.exit(), reset.err());
            String newPassword = field(reset.out(), did);
            assertEquals(200, login(server, "carol.test", newPassword));
            assertEquals(401, login(server, "carol.test", password), "the old password no longer works");

            Run code = admin(server, "create-invite-code");
            assertEquals(0, code.exit(), code.err());
            HttpResponse<String> signup = server.postJson("/xrpc/com.atproto.server.createAccount", "{\"handle\":\"dave.test\","
                    + "\"email\":\"dave@example.com\",\"password\":\"dave-password-1\",\"inviteCode\":\"" + code.out().trim() + "\"}");
            assertEquals(200, signup.statusCode(), signup.body());

            Run deleted = admin(server, "account", "delete", did);
            assertEquals(0, deleted.exit(), deleted.err());
            assertFalse(admin(server, "account", "list").out().contains(did));
            assertEquals(401, login(server, "carol.test", newPassword));

            // a wrong password, or a handle the server refuses: one line saying why, exit 1
            Run wrong = pds("admin", "--url", "http://localhost:" + server.server.port(), "--admin-password", "guess", "account", "list");
            assertEquals(1, wrong.exit());
            assertTrue(wrong.err().contains("401 AuthenticationRequired"), wrong.err());
            Run taken = admin(server, "account", "create", "other@example.com", "dave.test");
            assertEquals(1, taken.exit());
            assertTrue(taken.err().startsWith("pds admin: 400 "), taken.err());
            Run missing = admin(server, "account", "delete");
            assertEquals(2, missing.exit(), "a missing argument is a usage error");
        }
    }

    @Test
    void onTheServersMachineTheGeneratedPasswordIsFoundInTheDataFolder() throws Exception {
        try (TestServer server = TestServer.start(otherData, Map.of("PDS_DEV_MODE", "true", "PDS_INVITE_REQUIRED", "true"),
                List.of(), List.of())) {
            Run code = pds("admin", "--url", "http://localhost:" + server.server.port(), "--data-dir", otherData.toString(),
                    "create-invite-code", "--uses", "2");
            assertEquals(0, code.exit(), code.err());
            JsonNode codes = JSON.readTree(server.http.send(server.request("/xrpc/com.atproto.admin.getInviteCodes")
                    .header("authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(("admin:"
                            + server.server.context().config().secrets().adminPassword()).getBytes(StandardCharsets.UTF_8)))
                    .GET().build(), HttpResponse.BodyHandlers.ofString()).body()).get("codes");
            assertEquals(code.out().trim(), codes.get(0).get("code").asText());
            assertEquals(2, codes.get(0).get("available").asInt());

            Run nowhere = pds("admin", "--url", "http://localhost:" + server.server.port(), "--data-dir", data.resolve("none").toString(),
                    "create-invite-code");
            assertEquals(1, nowhere.exit());
            assertTrue(nowhere.err().startsWith("pds admin: no admin password"), nowhere.err());
        }
    }

    @Test
    void aRelayIsAskedToCrawlThisHost() throws Exception {
        List<String[]> asked = new CopyOnWriteArrayList<>();
        HttpServer relay = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        relay.createContext("/", ex -> {
            asked.add(new String[] {ex.getRequestURI().getPath(), new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                    ex.getRequestHeaders().getFirst("authorization")});
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        relay.start();
        try {
            Run run = pds("admin", "request-crawl", "http://127.0.0.1:" + relay.getAddress().getPort(), "--hostname", "pds.example.com");
            assertEquals(0, run.exit(), run.err());
            assertEquals(1, asked.size());
            assertEquals("/xrpc/com.atproto.sync.requestCrawl", asked.get(0)[0]);
            assertEquals("pds.example.com", JSON.readTree(asked.get(0)[1]).get("hostname").asText());
            assertNull(asked.get(0)[2], "the admin password never goes to a relay");
        } finally {
            relay.stop(0);
        }
    }
}
