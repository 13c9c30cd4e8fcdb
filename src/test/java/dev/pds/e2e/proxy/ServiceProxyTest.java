package dev.pds.e2e.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.pds.crypto.DidKey;
import dev.pds.e2e.TestServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Service proxying against a stand-in app view (an HTTP server of the test's own, which records
 * what reaches it): calls to methods we do not have go there, on behalf of the account, with a
 * service-auth JWT that the account's key in its DID document verifies.
 */
class ServiceProxyTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String APPVIEW_DID = "did:web:appview.test";
    static final String REPORTS_DID = "did:web:reports.test";
    static final String MOD_DID = "did:web:mod.test";

    @TempDir
    static Path data;
    static TestServer pds;
    static HttpServer appView;
    static String appViewDid;
    static int deadPort;
    static final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
    static final java.util.concurrent.atomic.AtomicInteger documentsServed = new java.util.concurrent.atomic.AtomicInteger();
    static TestServer.Session alice;

    record Seen(String method, String uri, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            List<String> v = headers.get(name);
            return v == null ? null : v.get(0);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        try (java.net.ServerSocket closed = new java.net.ServerSocket(0)) {
            deadPort = closed.getLocalPort();
        }
        appView = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        int port = appView.getAddress().getPort();
        appViewDid = "did:web:localhost%3A" + port;
        appView.createContext("/", ServiceProxyTest::answer);
        appView.start();
        pds = TestServer.start(data, Map.of("PDS_DEV_MODE", "true", "PDS_INVITE_REQUIRED", "false",
                "PDS_BSKY_APP_VIEW_URL", "http://127.0.0.1:" + port, "PDS_BSKY_APP_VIEW_DID", APPVIEW_DID,
                "PDS_REPORT_SERVICE_URL", "http://127.0.0.1:" + port, "PDS_REPORT_SERVICE_DID", REPORTS_DID,
                "PDS_MOD_SERVICE_URL", "http://127.0.0.1:" + port, "PDS_MOD_SERVICE_DID", MOD_DID), List.of(), List.of());
        alice = pds.createAccount("alice");
    }

    @AfterAll
    static void stop() {
        pds.close();
        appView.stop(0);
    }

    private static void answer(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        String path = ex.getRequestURI().getPath();
        if (path.equals("/.well-known/did.json")) {
            documentsServed.incrementAndGet();
            reply(ex, 200, "application/json", "{\"id\":\"" + appViewDid + "\",\"service\":[{\"id\":\"#other_svc\","
                    + "\"type\":\"Other\",\"serviceEndpoint\":\"http://127.0.0.1:" + appView.getAddress().getPort() + "\"},"
                    + "{\"id\":\"#dead_svc\",\"type\":\"Other\",\"serviceEndpoint\":\"http://127.0.0.1:" + deadPort + "\"},"
                    + "{\"id\":\"#bsky_notif\",\"type\":\"BskyNotificationService\",\"serviceEndpoint\":\"http://127.0.0.1:"
                    + appView.getAddress().getPort() + "\"}]}", Map.of());
            return;
        }
        Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v));
        seen.add(new Seen(ex.getRequestMethod(), ex.getRequestURI().toString(), headers, body));
        switch (path) {
            case "/xrpc/app.bsky.feed.getTimeline" -> reply(ex, 200, "application/json; charset=utf-8",
                    "{\"feed\":[],\"cursor\":\"abc\"}", Map.of("content-language", "en", "atproto-repo-rev", "3kabc", "x-secret", "no"));
            case "/xrpc/app.bsky.notification.updateSeen", "/xrpc/app.bsky.notification.registerPush",
                    "/xrpc/app.bsky.notification.unregisterPush" -> reply(ex, 200, "application/json", "", Map.of());
            case "/xrpc/com.atproto.moderation.createReport" -> reply(ex, 200, "application/json", "{\"id\":7}", Map.of());
            case "/xrpc/app.bsky.actor.getPreferences" -> reply(ex, 200, "application/json",
                    "{\"preferences\":[{\"$type\":\"app.other.pref\"}]}", Map.of());
            case "/xrpc/tools.ozone.moderation.queryStatuses" -> reply(ex, 200, "application/json", "{\"subjectStatuses\":[]}", Map.of());
            case "/xrpc/app.bsky.feed.getBig" -> {
                // six times our largest buffered answer, chunked: it must stream through
                ex.getResponseHeaders().set("content-type", "application/octet-stream");
                ex.getResponseHeaders().set("atproto-repo-rev", "3kbig");
                ex.sendResponseHeaders(200, 0);
                try (var out = ex.getResponseBody()) {
                    out.write(big());
                }
            }
            case "/xrpc/app.bsky.feed.getPostThread" -> reply(ex, 400, "application/json",
                    "{\"error\":\"NotFound\",\"message\":\"Post not found\"}", Map.of());
            case "/xrpc/app.bsky.actor.getProfile" -> reply(ex, 500, "application/json",
                    "{\"error\":\"InternalServerError\",\"message\":\"boom\"}", Map.of());
            default -> reply(ex, 404, "application/json", "{\"error\":\"MethodNotImplemented\",\"message\":\"no\"}", Map.of());
        }
    }

    static byte[] big() {
        byte[] b = new byte[6 * 1024 * 1024];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 31 + (i >> 13));
        }
        return b;
    }

    private static void reply(HttpExchange ex, int status, String type, String body, Map<String, String> headers)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("content-type", type);
        headers.forEach(ex.getResponseHeaders()::set);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
        ex.close();
    }

    private static HttpResponse<String> get(String pathAndQuery, String token, String... headers) throws Exception {
        HttpRequest.Builder b = pds.request(pathAndQuery).GET();
        if (token != null) {
            b.header("authorization", "Bearer " + token);
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return pds.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Seen next() throws InterruptedException {
        Seen s = seen.poll(10, TimeUnit.SECONDS);
        assertTrue(s != null, "the app view got the call");
        return s;
    }

    private static JsonNode jwtPart(String jwt, int part) throws IOException {
        return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[part]));
    }

    @Test
    void aReadGoesToTheAppViewWithAServiceTokenTheAccountsKeyVerifies() throws Exception {
        seen.clear();
        HttpResponse<String> r = get("/xrpc/app.bsky.feed.getTimeline?limit=5&algorithm=reverse-chronological", alice.accessJwt(),
                "accept-language", "fr", "atproto-accept-labelers", "did:plc:labeler", "x-atproto-thing", "kept");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("{\"feed\":[],\"cursor\":\"abc\"}", r.body());
        assertEquals("en", r.headers().firstValue("content-language").orElse(null));
        assertEquals("3kabc", r.headers().firstValue("atproto-repo-rev").orElse(null));
        assertTrue(r.headers().firstValue("x-secret").isEmpty(), "only the reference's headers come back");

        Seen s = next();
        assertEquals("GET", s.method());
        assertEquals("/xrpc/app.bsky.feed.getTimeline?limit=5&algorithm=reverse-chronological", s.uri());
        assertEquals("fr", s.header("accept-language"));
        assertEquals("did:plc:labeler", s.header("atproto-accept-labelers"));
        assertEquals("kept", s.header("x-atproto-thing"));

        String auth = s.header("authorization");
        assertTrue(auth.startsWith("Bearer "), auth);
        String jwt = auth.substring(7);
        assertNotEquals(alice.accessJwt(), jwt, "the caller's own token stays here");
        JsonNode header = jwtPart(jwt, 0);
        assertEquals("ES256K", header.get("alg").asText());
        assertEquals("JWT", header.get("typ").asText());
        JsonNode claims = jwtPart(jwt, 1);
        assertEquals(alice.did(), claims.get("iss").asText());
        assertEquals(APPVIEW_DID, claims.get("aud").asText());
        assertEquals("app.bsky.feed.getTimeline", claims.get("lxm").asText());
        assertEquals(60, claims.get("exp").asLong() - claims.get("iat").asLong());
        assertEquals(32, claims.get("jti").asText().length());
        // the key in the account's DID document (from the PLC directory) signed it
        JsonNode doc = JSON.readTree(get("/xrpc/com.atproto.repo.describeRepo?repo=" + alice.did(), null).body()).get("didDoc");
        String didKey = "did:key:" + doc.get("verificationMethod").get(0).get("publicKeyMultibase").asText();
        int dot = jwt.lastIndexOf('.');
        assertTrue(DidKey.verifySignature(didKey, jwt.substring(0, dot).getBytes(StandardCharsets.US_ASCII),
                Base64.getUrlDecoder().decode(jwt.substring(dot + 1))));
    }

    @Test
    void aLargeAnswerIsStreamedThroughWhole() throws Exception {
        HttpResponse<byte[]> r = pds.http.send(pds.request("/xrpc/app.bsky.feed.getBig").GET()
                .header("authorization", "Bearer " + alice.accessJwt()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        assertEquals("application/octet-stream", r.headers().firstValue("content-type").orElse(null));
        assertEquals("3kbig", r.headers().firstValue("atproto-repo-rev").orElse(null));
        assertTrue(java.util.Arrays.equals(big(), r.body()), "the 6 MB answer came through byte for byte");
    }

    @Test
    void aProcedureIsForwardedWithItsBody() throws Exception {
        seen.clear();
        String body = "{\"seenAt\":\"2024-01-01T00:00:00.000Z\"}";
        HttpResponse<String> r = pds.postJson("/xrpc/app.bsky.notification.updateSeen", body, alice.accessJwt());
        assertEquals(200, r.statusCode(), r.body());
        Seen s = next();
        assertEquals("POST", s.method());
        assertEquals(body, new String(s.body(), StandardCharsets.UTF_8));
        assertTrue(s.header("content-type").startsWith("application/json"));
        assertEquals("app.bsky.notification.updateSeen", jwtPart(s.header("authorization").substring(7), 1).get("lxm").asText());
    }

    private static HttpResponse<String> push(String nsid, String serviceDid, String... headers) throws Exception {
        HttpRequest.Builder b = pds.request("/xrpc/app.bsky.notification." + nsid).header("content-type", "application/json")
                .header("authorization", "Bearer " + alice.accessJwt())
                .POST(HttpRequest.BodyPublishers.ofString("{\"serviceDid\":\"" + serviceDid + "\",\"token\":\"device-token\","
                        + "\"platform\":\"ios\",\"appId\":\"xyz.blueskyweb.app\"}"));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return pds.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void pushRegistrationsGoToTheNotificationServiceTheirBodyNames() throws Exception {
        seen.clear();
        // the app view's own notification service, whatever the proxy header says
        HttpResponse<String> r = push("registerPush", APPVIEW_DID, "atproto-proxy", appViewDid + "#other_svc");
        assertEquals(200, r.statusCode(), r.body());
        Seen s = next();
        assertEquals("/xrpc/app.bsky.notification.registerPush", s.uri());
        JsonNode claims = jwtPart(s.header("authorization").substring(7), 1);
        assertEquals(APPVIEW_DID, claims.get("aud").asText());
        assertEquals("app.bsky.notification.registerPush", claims.get("lxm").asText());
        assertTrue(new String(s.body(), StandardCharsets.UTF_8).contains("device-token"), "the body goes along");

        // another service: found through its DID document's #bsky_notif
        r = push("unregisterPush", appViewDid);
        assertEquals(200, r.statusCode(), r.body());
        claims = jwtPart(next().header("authorization").substring(7), 1);
        assertEquals(appViewDid, claims.get("aud").asText());
        assertEquals("app.bsky.notification.unregisterPush", claims.get("lxm").asText());

        HttpResponse<String> notADid = push("registerPush", "push.example.com");
        assertEquals(400, notADid.statusCode());
        assertEquals("InvalidRequest", JSON.readTree(notADid.body()).get("error").asText());
        HttpResponse<String> unresolvable = push("registerPush", "did:web:localhost%3A" + deadPort);
        assertEquals(400, unresolvable.statusCode(), unresolvable.body());
        assertTrue(unresolvable.body().contains("invalid notification service details"), unresolvable.body());
        assertNull(seen.poll(300, TimeUnit.MILLISECONDS), "refused registrations reached nothing");
    }

    @Test
    void reportsGoToTheReportServiceAndOzoneCallsToTheModerationService() throws Exception {
        seen.clear();
        HttpResponse<String> r = pds.postJson("/xrpc/com.atproto.moderation.createReport", "{\"reasonType\":"
                + "\"com.atproto.moderation.defs#reasonSpam\",\"subject\":{\"$type\":\"com.atproto.admin.defs#repoRef\","
                + "\"did\":\"" + alice.did() + "\"}}", alice.accessJwt());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("{\"id\":7}", r.body());
        JsonNode claims = jwtPart(next().header("authorization").substring(7), 1);
        assertEquals(REPORTS_DID, claims.get("aud").asText(), "not the app view");
        assertEquals("com.atproto.moderation.createReport", claims.get("lxm").asText());

        r = get("/xrpc/tools.ozone.moderation.queryStatuses", alice.accessJwt());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(MOD_DID, jwtPart(next().header("authorization").substring(7), 1).get("aud").asText());

        // with a header naming the report service, its configured URL is used too
        r = pds.http.send(pds.request("/xrpc/com.atproto.moderation.createReport").header("content-type", "application/json")
                .header("authorization", "Bearer " + alice.accessJwt()).header("atproto-proxy", REPORTS_DID + "#atproto_labeler")
                .POST(HttpRequest.BodyPublishers.ofString("{\"reasonType\":\"com.atproto.moderation.defs#reasonSpam\","
                        + "\"subject\":{\"$type\":\"com.atproto.admin.defs#repoRef\",\"did\":\"" + alice.did() + "\"}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(REPORTS_DID, jwtPart(next().header("authorization").substring(7), 1).get("aud").asText());
    }

    @Test
    void upstreamErrorsComeBackAsTheReferenceAnswersThem() throws Exception {
        HttpResponse<String> notFound = get("/xrpc/app.bsky.feed.getPostThread?uri=at://x", alice.accessJwt());
        assertEquals(400, notFound.statusCode());
        assertEquals("NotFound", JSON.readTree(notFound.body()).get("error").asText());
        HttpResponse<String> failed = get("/xrpc/app.bsky.actor.getProfile?actor=x", alice.accessJwt());
        assertEquals(502, failed.statusCode(), "an upstream 500 is our 502");
        assertEquals("InternalServerError", JSON.readTree(failed.body()).get("error").asText());
    }

    @Test
    void callersMustBeLoggedInAndSomeMethodsAreNeverProxied() throws Exception {
        seen.clear();
        HttpResponse<String> anonymous = get("/xrpc/app.bsky.feed.getTimeline", null);
        assertEquals(401, anonymous.statusCode());
        assertEquals("AuthMissing", JSON.readTree(anonymous.body()).get("error").asText());
        HttpResponse<String> forged = get("/xrpc/app.bsky.feed.getTimeline", "not.a.token");
        assertEquals(400, forged.statusCode());
        assertEquals("InvalidToken", JSON.readTree(forged.body()).get("error").asText());
        // every method the reference never proxies is one of ours now; a user's token is refused here
        // (a moderation service is configured, so it is read as a service JWT: an access token's type is wrong)
        HttpResponse<String> protectedMethod = pds.postJson("/xrpc/com.atproto.admin.sendEmail", "{}", alice.accessJwt());
        assertEquals(401, protectedMethod.statusCode());
        assertEquals("BadJwtType", JSON.readTree(protectedMethod.body()).get("error").asText());
        assertNull(seen.poll(300, TimeUnit.MILLISECONDS), "nothing reached the app view");
        // no DID document is looked up for a caller who is not logged in
        int served = documentsServed.get();
        HttpResponse<String> lookup = get("/xrpc/app.bsky.feed.getTimeline", null, "atproto-proxy", appViewDid + "#uncached_svc");
        assertEquals(401, lookup.statusCode(), lookup.body());
        assertEquals(served, documentsServed.get());
    }

    @Test
    void anAppPasswordWithoutThePrivilegedFlagCannotReachChat() throws Exception {
        seen.clear();
        String created = pds.postJson("/xrpc/com.atproto.server.createAppPassword", "{\"name\":\"plain\"}", alice.accessJwt()).body();
        String password = JSON.readTree(created).get("password").asText();
        String appJwt = JSON.readTree(pds.postJson("/xrpc/com.atproto.server.createSession",
                "{\"identifier\":\"" + alice.handle() + "\",\"password\":\"" + password + "\"}").body()).get("accessJwt").asText();
        HttpResponse<String> chat = get("/xrpc/chat.bsky.convo.listConvos", appJwt);
        assertEquals(400, chat.statusCode(), chat.body());
        assertEquals("InvalidToken", JSON.readTree(chat.body()).get("error").asText());
        assertNull(seen.poll(300, TimeUnit.MILLISECONDS));
        // the same app password reads the app view
        assertEquals(200, get("/xrpc/app.bsky.feed.getTimeline", appJwt).statusCode());
        assertEquals(alice.did(), jwtPart(next().header("authorization").substring(7), 1).get("iss").asText());
    }

    @Test
    void aProxyHeaderNamesTheServiceThroughItsDidDocument() throws Exception {
        seen.clear();
        HttpResponse<String> r = get("/xrpc/app.bsky.feed.getTimeline", alice.accessJwt(), "atproto-proxy", appViewDid + "#other_svc");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(appViewDid, jwtPart(next().header("authorization").substring(7), 1).get("aud").asText());

        for (String bad : List.of("#other_svc", appViewDid, appViewDid + "#", appViewDid + "#a#b", "not-a-did#svc")) {
            HttpResponse<String> refused = get("/xrpc/app.bsky.feed.getTimeline", alice.accessJwt(), "atproto-proxy", bad);
            assertEquals(400, refused.statusCode(), bad);
            assertEquals("InvalidRequest", JSON.readTree(refused.body()).get("error").asText(), bad);
        }
        HttpResponse<String> noService = get("/xrpc/app.bsky.feed.getTimeline", alice.accessJwt(), "atproto-proxy",
                appViewDid + "#missing_svc");
        assertEquals(400, noService.statusCode());
        assertTrue(noService.body().contains("could not resolve proxy did service url"), noService.body());
        assertNull(seen.poll(300, TimeUnit.MILLISECONDS), "refused calls reached nothing");
    }

    @Test
    void ourOwnMethodsAreAnsweredHereEvenWithAProxyHeader() throws Exception {
        seen.clear();
        HttpResponse<String> prefs = get("/xrpc/app.bsky.actor.getPreferences", alice.accessJwt(), "atproto-proxy",
                APPVIEW_DID + "#bsky_appview");
        assertEquals(200, prefs.statusCode(), prefs.body());
        assertTrue(JSON.readTree(prefs.body()).has("preferences"));
        assertNull(seen.poll(300, TimeUnit.MILLISECONDS));

        // another app view's preferences are its own, as on the reference
        HttpResponse<String> others = get("/xrpc/app.bsky.actor.getPreferences", alice.accessJwt(), "atproto-proxy",
                appViewDid + "#other_svc");
        assertEquals(200, others.statusCode(), others.body());
        assertEquals("app.other.pref", JSON.readTree(others.body()).get("preferences").get(0).get("$type").asText());
        JsonNode claims = jwtPart(next().header("authorization").substring(7), 1);
        assertEquals(appViewDid, claims.get("aud").asText());
        assertEquals("app.bsky.actor.getPreferences", claims.get("lxm").asText());
        // and other methods of ours are ours whatever the header says
        HttpResponse<String> session = get("/xrpc/com.atproto.server.getSession", alice.accessJwt(), "atproto-proxy",
                appViewDid + "#other_svc");
        assertEquals(200, session.statusCode(), session.body());
        assertEquals(alice.did(), JSON.readTree(session.body()).get("did").asText());
        assertNull(seen.poll(300, TimeUnit.MILLISECONDS));
    }

    @Test
    void anUnreachableServiceIsUpstreamFailure() throws Exception {
        HttpResponse<String> down = get("/xrpc/app.bsky.feed.getTimeline", alice.accessJwt(), "atproto-proxy", appViewDid + "#dead_svc");
        assertEquals(502, down.statusCode(), down.body());
        assertEquals("UpstreamFailure", JSON.readTree(down.body()).get("error").asText());
        // a DID whose document cannot be fetched at all: the reference's InvalidRequest
        HttpResponse<String> noDocument = get("/xrpc/app.bsky.feed.getTimeline", alice.accessJwt(), "atproto-proxy",
                "did:web:localhost%3A" + deadPort + "#bsky_appview");
        assertEquals(400, noDocument.statusCode(), noDocument.body());
        assertTrue(noDocument.body().contains("could not resolve proxy did"), noDocument.body());
    }
}
