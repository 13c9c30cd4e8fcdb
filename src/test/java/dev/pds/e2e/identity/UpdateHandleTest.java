package dev.pds.e2e.identity;

import static dev.pds.e2e.identity.HandleResolutionTest.assertError;
import static dev.pds.e2e.identity.HandleResolutionTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pds.core.events.FrameDecoder;
import dev.pds.core.store.StoredEvent;
import dev.pds.e2e.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * updateHandle end to end: the new handle resolves every way (resolveHandle, the well-known
 * path, the DID document in the embedded PLC directory), an {@code #identity} event is logged,
 * and every handle the reference refuses is refused with its error.
 */
class UpdateHandleTest {
    static final String UPDATE = "/xrpc/com.atproto.identity.updateHandle";

    @TempDir
    Path data;

    static HttpResponse<String> update(TestServer pds, String handle, String token) throws Exception {
        return pds.postJson(UPDATE, "{\"handle\":\"" + handle + "\"}", token);
    }

    static JsonNode document(TestServer pds, String did) throws Exception {
        return HandleResolutionTest.JSON.readTree(pds.server.context().plc().getDocument(did).toString());
    }

    /** The {@code #identity} events of {@code did} in the event log, as (did, handle) bodies. */
    static List<FrameDecoder.RawFrame> identityEvents(TestServer pds, String did) {
        List<StoredEvent> events = pds.server.context().store().log().events(0, 10_000);
        return events.stream().map(e -> FrameDecoder.decodeRaw(e.frame()))
                .filter(f -> "#identity".equals(f.type()) && did.equals(f.body().getString("did"))).toList();
    }

    @Test
    void aNewHandleResolvesEveryWay() throws Exception {
        try (TestDnsServer dns = new TestDnsServer();
             TestServer pds = TestServer.start(data, HandleResolutionTest.env(dns), List.of(), List.of())) {
            TestServer.Session alice = pds.createAccount("alice");
            int eventsBefore = identityEvents(pds, alice.did()).size();
            HttpResponse<String> r = update(pds, "Alice-Two.test", alice.accessJwt());
            assertEquals(200, r.statusCode(), r.body());

            assertEquals(alice.did(), json(pds.get(HandleResolutionTest.RESOLVE + "alice-two.test")).get("did").asText());
            assertError(pds.get(HandleResolutionTest.RESOLVE + "alice.test"), 400, "HandleNotFound");
            assertEquals(alice.did(), HandleResolutionTest.wellKnown(pds, "alice-two.test").body());
            assertEquals(404, HandleResolutionTest.wellKnown(pds, "alice.test").statusCode());
            JsonNode doc = document(pds, alice.did());
            assertEquals("at://alice-two.test", doc.get("alsoKnownAs").get(0).asText());
            assertEquals(2, pds.server.context().plc().getAuditLog(alice.did()).size(), "genesis and the update");
            JsonNode session = json(pds.get("/xrpc/com.atproto.server.getSession", alice.accessJwt()));
            assertEquals("alice-two.test", session.get("handle").asText());
            List<FrameDecoder.RawFrame> events = identityEvents(pds, alice.did());
            assertEquals(eventsBefore + 1, events.size());
            assertEquals("alice-two.test", events.get(events.size() - 1).body().getString("handle"));

            // the old handle is free again
            HttpResponse<String> other = pds.postJson("/xrpc/com.atproto.server.createAccount",
                    "{\"handle\":\"alice.test\",\"email\":\"other@example.com\",\"password\":\"other-pass\"}");
            assertEquals(200, other.statusCode(), other.body());
            assertEquals(json(other).get("did").asText(),
                    json(pds.get(HandleResolutionTest.RESOLVE + "alice.test")).get("did").asText());

            // the same handle again republishes it: another operation and another #identity event
            assertEquals(200, update(pds, "alice-two.test", alice.accessJwt()).statusCode());
            assertEquals(3, pds.server.context().plc().getAuditLog(alice.did()).size());
            assertEquals(eventsBefore + 2, identityEvents(pds, alice.did()).size());
        }
    }

    @Test
    void aHandleOnOnesOwnDomainNeedsItsDnsRecordFirst() throws Exception {
        try (TestDnsServer dns = new TestDnsServer();
             TestServer pds = TestServer.start(data, HandleResolutionTest.env(dns), List.of(), List.of())) {
            TestServer.Session alice = pds.createAccount("alice");
            TestServer.Session bob = pds.createAccount("bobby");
            HttpResponse<String> unresolved = update(pds, "alice.handles.example.net", alice.accessJwt());
            assertError(unresolved, 400, "InvalidRequest");
            assertEquals("External handle did not resolve to DID", json(unresolved).get("message").asText());

            // pointing at someone else is no better
            dns.txt("_atproto.alice.handles.example.net", List.of(List.of("did=" + bob.did())));
            assertError(update(pds, "alice.handles.example.net", alice.accessJwt()), 400, "InvalidRequest");

            dns.txt("_atproto.alice.handles.example.net", List.of(List.of("did=" + alice.did())));
            HttpResponse<String> r = update(pds, "alice.handles.example.net", alice.accessJwt());
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("at://alice.handles.example.net", document(pds, alice.did()).get("alsoKnownAs").get(0).asText());
            assertEquals(alice.did(), json(pds.get(HandleResolutionTest.RESOLVE + "alice.handles.example.net")).get("did").asText());
            // no well-known answer here for a handle outside our domains
            assertEquals(404, HandleResolutionTest.wellKnown(pds, "alice.handles.example.net").statusCode());
        }
    }

    @Test
    void handlesTheReferenceRefusesAreRefused() throws Exception {
        try (TestDnsServer dns = new TestDnsServer();
             TestServer pds = TestServer.start(data, HandleResolutionTest.env(dns), List.of(), List.of())) {
            TestServer.Session alice = pds.createAccount("alice");
            TestServer.Session bob = pds.createAccount("bobby");
            HttpResponse<String> taken = update(pds, "BOBBY.test", alice.accessJwt());
            assertError(taken, 400, "HandleNotAvailable");
            assertError(update(pds, "admin.test", alice.accessJwt()), 400, "HandleNotAvailable");
            assertError(update(pds, "ab.test", alice.accessJwt()), 400, "InvalidHandle");
            assertError(update(pds, "waytoolongforahandlehere.test", alice.accessJwt()), 400, "InvalidHandle");
            assertError(update(pds, "a.b.test", alice.accessJwt()), 400, "InvalidHandle");
            assertError(update(pds, "alice.local", alice.accessJwt()), 400, "InvalidHandle");
            // the lexicon's handle format is checked first, as by the reference's input validation
            assertError(update(pds, "not a handle", alice.accessJwt()), 400, "InvalidRequest");
            assertError(pds.postJson(UPDATE, "{}", alice.accessJwt()), 400, "InvalidRequest");
            assertError(update(pds, "alice-new.test", null), 401, "AuthMissing");
            assertError(update(pds, "alice-new.test", bob.refreshJwt()), 400, "InvalidToken");

            // nothing changed anywhere
            assertEquals("at://alice.test", document(pds, alice.did()).get("alsoKnownAs").get(0).asText());
            assertEquals(1, pds.server.context().plc().getAuditLog(alice.did()).size());
            assertEquals(alice.did(), json(pds.get(HandleResolutionTest.RESOLVE + "alice.test")).get("did").asText());
            assertEquals(bob.did(), json(pds.get(HandleResolutionTest.RESOLVE + "bobby.test")).get("did").asText());
            assertTrue(identityEvents(pds, alice.did()).size() <= 1, "only account creation's, if any");
        }
    }

    /**
     * A handle change and a deactivation at the same moment both stick: each runs under the
     * account's lock, so neither writes back a copy of the account that misses the other.
     */
    @Test
    void aConcurrentStatusChangeIsNotUndone() throws Exception {
        try (TestDnsServer dns = new TestDnsServer();
             TestServer pds = TestServer.start(data, HandleResolutionTest.env(dns), List.of(), List.of())) {
            TestServer.Session alice = pds.createAccount("alice");
            dev.pds.core.syntax.Did did = dev.pds.core.syntax.Did.parse(alice.did());
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                for (int round = 0; round < 8; round++) {
                    String handle = "alice-" + round + ".test";
                    var moved = pool.submit(() -> update(pds, handle, alice.accessJwt()));
                    var deactivated = pool.submit(() -> pds.postJson("/xrpc/com.atproto.server.deactivateAccount", "{}",
                            alice.accessJwt()));
                    assertEquals(200, moved.get().statusCode(), moved.get().body());
                    assertEquals(200, deactivated.get().statusCode(), deactivated.get().body());
                    dev.pds.server.account.Account account = pds.server.context().accounts().byDid(did).orElseThrow();
                    assertEquals(handle, account.handle(), "round " + round);
                    assertEquals(dev.pds.server.account.AccountStatus.DEACTIVATED, account.status(), "round " + round);
                    HttpResponse<String> activated = pds.http.send(pds.request("/xrpc/com.atproto.server.activateAccount")
                            .header("Authorization", "Bearer " + alice.accessJwt())
                            .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, activated.statusCode(), activated.body());
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
