package dev.pds.e2e.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pds.core.syntax.Did;
import dev.pds.e2e.TestServer;
import dev.pds.server.account.Account;
import dev.pds.server.account.AccountStatus;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * resolveHandle and {@code /.well-known/atproto-did}: hosted handles from the store, other
 * handles by DNS TXT (a DNS server of the test's own, given as a backup nameserver), and the
 * errors the reference PDS answers with.
 */
class HandleResolutionTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String RESOLVE = "/xrpc/com.atproto.identity.resolveHandle?handle=";

    @TempDir
    Path data;

    static Map<String, String> env(TestDnsServer dns) {
        return Map.of("PDS_DEV_MODE", "true", "PDS_INVITE_REQUIRED", "false",
                "PDS_HANDLE_BACKUP_NAMESERVERS", dns.address(), "PDS_ID_RESOLVER_TIMEOUT", "2000");
    }

    static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    static void assertError(HttpResponse<String> r, int status, String error) throws IOException {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals(error, json(r).get("error").asText(), r.body());
    }

    static void setStatus(TestServer pds, String did, AccountStatus status) {
        Account before = pds.server.context().accounts().byDid(Did.parse(did)).orElseThrow();
        pds.server.context().store().writeTables(pds.server.context().accounts().update(before, before.withStatus(status)),
                List.of()).join();
    }

    /** GET /.well-known/atproto-did as a browser would ask the host {@code host}. */
    static HttpResponse<String> wellKnown(TestServer pds, String host) throws IOException {
        // java.net.http refuses to set Host, so this one goes by hand
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(pds.server.address(), 10_000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET /.well-known/atproto-did HTTP/1.1\r\nHost: " + host
                    + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String raw = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return RawAnswer.of(raw);
        }
    }

    @Test
    void hostedHandlesResolveFromTheStore() throws Exception {
        try (TestDnsServer dns = new TestDnsServer(); TestServer pds = TestServer.start(data, env(dns), List.of(), List.of())) {
            TestServer.Session alice = pds.createAccount("alice");
            HttpResponse<String> r = pds.get(RESOLVE + "alice.test");
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(alice.did(), json(r).get("did").asText());
            assertEquals(alice.did(), json(pds.get(RESOLVE + "ALICE.Test")).get("did").asText(), "case does not matter");

            assertError(pds.get(RESOLVE + "nobody.test"), 400, "HandleNotFound");
            assertError(pds.get(RESOLVE + "not_a_handle"), 400, "InvalidRequest");
            assertError(pds.get("/xrpc/com.atproto.identity.resolveHandle"), 400, "InvalidRequest");
            setStatus(pds, alice.did(), AccountStatus.DEACTIVATED);
            assertError(pds.get(RESOLVE + "alice.test"), 400, "HandleNotFound");
        }
    }

    @Test
    void otherHandlesResolveByDnsTxt() throws Exception {
        try (TestDnsServer dns = new TestDnsServer(); TestServer pds = TestServer.start(data, env(dns), List.of(), List.of())) {
            String did = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";
            dns.txt("_atproto.someone.handles.example.net", List.of(List.of("did=" + did)));
            // a record split into several character-strings is read as one
            dns.txt("_atproto.split.handles.example.net", List.of(List.of("did=did:plc:", "ewvi7nxzyoun6zhxrhs64oiz")));
            // other TXT records beside the one did= are fine
            dns.txt("_atproto.mixed.handles.example.net", List.of(List.of("v=spf1 -all"), List.of("did=" + did)));
            // two did= records are ambiguous, and a non-DID is no answer
            dns.txt("_atproto.twice.handles.example.net", List.of(List.of("did=" + did), List.of("did=did:web:example.com")));
            dns.txt("_atproto.garbage.handles.example.net", List.of(List.of("did=not a did")));

            for (String name : List.of("someone", "split", "mixed")) {
                HttpResponse<String> r = pds.get(RESOLVE + name + ".handles.example.net");
                assertEquals(200, r.statusCode(), name + ": " + r.body());
                assertEquals(did, json(r).get("did").asText());
            }
            for (String name : List.of("twice", "garbage", "unknown")) {
                HttpResponse<String> r = pds.get(RESOLVE + name + ".handles.example.net");
                assertError(r, 400, "InvalidRequest");
                assertEquals("Unable to resolve handle", json(r).get("message").asText());
            }
        }
    }

    @Test
    void theWellKnownPathAnswersForHostedHandlesByHost() throws Exception {
        try (TestDnsServer dns = new TestDnsServer(); TestServer pds = TestServer.start(data, env(dns), List.of(), List.of())) {
            TestServer.Session alice = pds.createAccount("alice");
            HttpResponse<String> r = wellKnown(pds, "alice.test");
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(alice.did(), r.body());
            assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/plain"));
            assertEquals(alice.did(), wellKnown(pds, "ALICE.test:2583").body(), "port and case are ignored");

            for (String host : List.of("nobody.test", "localhost", "alice.example.com", "[::1]")) {
                HttpResponse<String> missing = wellKnown(pds, host);
                assertEquals(404, missing.statusCode(), host);
                assertEquals("User not found", missing.body());
            }
            setStatus(pds, alice.did(), AccountStatus.TAKENDOWN);
            assertEquals(404, wellKnown(pds, "alice.test").statusCode());

            HttpResponse<String> post = pds.http.send(pds.request("/.well-known/atproto-did")
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(405, post.statusCode());
        }
    }
}
