package dev.pds.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.server.PdsVersion;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP front door of a started server, as clients and browsers meet it. */
class FrontDoorTest {
    private static final int BODY_LIMIT = 64 * 1024;

    @TempDir
    static Path data;

    static TestServer pds;

    @BeforeAll
    static void start() throws IOException {
        pds = TestServer.start(data,
                Map.of("PDS_JSON_BODY_LIMIT", Integer.toString(BODY_LIMIT), "PDS_INVITE_REQUIRED", "false",
                        "PDS_CONTACT_EMAIL_ADDRESS", "ops@example.com"),
                List.of(TestMethods.ECHO_INPUT_LEXICON, TestMethods.FAIL_LEXICON, TestMethods.REFUSE_LEXICON),
                List.of(new TestMethods.EchoInput(), new TestMethods.Fail(), new TestMethods.Refuse()));
    }

    @AfterAll
    static void stop() {
        pds.close();
    }

    @Test
    void healthReportsTheVersion() throws Exception {
        HttpResponse<String> response = pds.get("/xrpc/_health");
        assertEquals(200, response.statusCode());
        assertEquals("{\"version\":\"" + PdsVersion.get() + "\"}", response.body());
        assertTrue(response.headers().firstValue("content-type").orElseThrow().startsWith("application/json"));
    }

    @Test
    void rootAnswersAPlainTextBanner() throws Exception {
        HttpResponse<String> response = pds.get("/");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-type").orElseThrow().startsWith("text/plain"));
        assertTrue(response.body().contains("AT Protocol Personal Data Server"), response.body());
    }

    @Test
    void unknownMethodIsNotImplemented() throws Exception {
        HttpResponse<String> response = pds.get("/xrpc/com.example.nothing.here");
        assertEquals(501, response.statusCode());
        assertEquals("{\"error\":\"MethodNotImplemented\",\"message\":\"Method Not Implemented\"}", response.body());

        HttpResponse<String> post = pds.postJson("/xrpc/com.example.nothing.here", "{}");
        assertEquals(501, post.statusCode());
    }

    @Test
    void unknownPathIsNotFound() throws Exception {
        HttpResponse<String> response = pds.get("/no/such/page");
        assertEquals(404, response.statusCode());
        assertEquals("{\"error\":\"NotFound\",\"message\":\"Not Found\"}", response.body());
    }

    @Test
    void malformedXrpcPathIsABadRequest() throws Exception {
        HttpResponse<String> response = pds.get("/xrpc/not-an-nsid");
        assertEquals(400, response.statusCode());
        assertTrue(response.body().startsWith("{\"error\":\"InvalidRequest\""), response.body());
    }

    @Test
    void wrongVerbIsAnInvalidRequest() throws Exception {
        HttpResponse<String> post = pds.postJson("/xrpc/com.atproto.server.describeServer", "{}");
        assertEquals(400, post.statusCode());
        assertEquals("{\"error\":\"InvalidRequest\",\"message\":\"Incorrect HTTP method (POST) expected GET\"}", post.body());

        HttpResponse<String> get = pds.get("/xrpc/dev.pds.test.echoInput");
        assertEquals(400, get.statusCode());
        assertEquals("{\"error\":\"InvalidRequest\",\"message\":\"Incorrect HTTP method (GET) expected POST\"}", get.body());
    }

    @Test
    void describeServerReflectsTheConfiguration() throws Exception {
        HttpResponse<String> response = pds.get("/xrpc/com.atproto.server.describeServer");
        assertEquals(200, response.statusCode());
        assertEquals("{\"did\":\"did:web:localhost\",\"availableUserDomains\":[\".test\"],\"inviteCodeRequired\":false,"
                + "\"phoneVerificationRequired\":false,\"contact\":{\"email\":\"ops@example.com\"}}", response.body());
    }

    @Test
    void jsonInputReachesTheHandler() throws Exception {
        HttpResponse<String> response = pds.postJson("/xrpc/dev.pds.test.echoInput", "{\"text\":\"héllo\",\"n\":[1,2]}");
        assertEquals(200, response.statusCode());
        assertEquals("{\"text\":\"héllo\",\"n\":[1,2],\"flag\":false}", response.body(), "with the lexicon default");
    }

    @Test
    void jsonInputIsValidatedAgainstTheLexicon() throws Exception {
        assertInvalid(pds.postJson("/xrpc/dev.pds.test.echoInput", "{\"text\":5}"), "Input/text must be a string");
        assertInvalid(pds.postJson("/xrpc/dev.pds.test.echoInput", "{\"n\":[1,\"2\"]}"), "Input/n/1 must be an integer");
    }

    @Test
    void badJsonInputIsAnInvalidRequest() throws Exception {
        assertInvalid(pds.postJson("/xrpc/dev.pds.test.echoInput", "{\"text\": "), "Request body is not valid JSON");
        assertInvalid(pds.postJson("/xrpc/dev.pds.test.echoInput", "{\"a\":1,\"a\":2}"), "Request body is not valid JSON");
        assertInvalid(pds.postJson("/xrpc/dev.pds.test.echoInput", "{} {}"), "Request body is not valid JSON");
        assertInvalid(pds.postJson("/xrpc/dev.pds.test.echoInput", "[1]"), "Request body must be a JSON object");
        assertInvalid(pds.postJson("/xrpc/dev.pds.test.echoInput", ""), "A JSON request body is required");
        HttpResponse<String> text = pds.http.send(pds.request("/xrpc/dev.pds.test.echoInput")
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertInvalid(text, "Content-Type must be application/json, got text/plain");
    }

    @Test
    void oversizedBodyIsRefusedWith413() throws Exception {
        String justFits = "{\"pad\":\"" + "x".repeat(BODY_LIMIT - 10) + "\"}";
        assertEquals(BODY_LIMIT, justFits.length());
        assertEquals(200, pds.postJson("/xrpc/dev.pds.test.echoInput", justFits).statusCode());

        String tooBig = "{\"pad\":\"" + "x".repeat(BODY_LIMIT) + "\"}";
        HttpResponse<String> response = pds.postJson("/xrpc/dev.pds.test.echoInput", tooBig);
        assertEquals(413, response.statusCode());
        assertEquals("{\"error\":\"PayloadTooLarge\",\"message\":\"Request body is larger than the limit of "
                + BODY_LIMIT + " bytes\"}", response.body());
        assertEquals("*", response.headers().firstValue("access-control-allow-origin").orElse(null));

        // the server is still fine afterwards
        assertEquals(200, pds.get("/xrpc/_health").statusCode());
    }

    @Test
    void unexpectedFailureIsA500WithoutDetail() throws Exception {
        HttpResponse<String> response = pds.get("/xrpc/dev.pds.test.fail");
        assertEquals(500, response.statusCode());
        assertEquals("{\"error\":\"InternalServerError\",\"message\":\"Internal Server Error\"}", response.body());
        assertFalse(response.body().contains("hunter2"));
    }

    @Test
    void handlerErrorsKeepTheirNameAndStatus() throws Exception {
        HttpResponse<String> response = pds.get("/xrpc/dev.pds.test.refuse");
        assertEquals(400, response.statusCode());
        assertEquals("{\"error\":\"RecordNotFound\",\"message\":\"Could not locate record\"}", response.body());
    }

    @Test
    void corsPreflightIsAnsweredForBrowserApps() throws Exception {
        HttpResponse<String> response = pds.http.send(pds.request("/xrpc/com.atproto.repo.createRecord")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://bsky.app")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type,atproto-proxy,x-custom-thing")
                .build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(204, response.statusCode());
        assertEquals("*", response.headers().firstValue("access-control-allow-origin").orElse(null));
        String methods = response.headers().firstValue("access-control-allow-methods").orElse("");
        assertTrue(methods.contains("POST") && methods.contains("GET"), methods);
        List<String> allowed = List.of(response.headers().firstValue("access-control-allow-headers").orElse("").split(",\\s*"));
        assertTrue(allowed.containsAll(List.of("authorization", "content-type", "dpop", "atproto-proxy",
                "atproto-accept-labelers", "x-custom-thing")), allowed.toString());
        assertTrue(response.headers().firstValue("access-control-max-age").isPresent());
    }

    @Test
    void everyResponseCarriesCorsHeaders() throws Exception {
        HttpResponse<String> response = pds.http.send(pds.request("/xrpc/com.example.nothing.here")
                .header("Origin", "https://bsky.app").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(501, response.statusCode());
        assertEquals("*", response.headers().firstValue("access-control-allow-origin").orElse(null));
        String exposed = response.headers().firstValue("access-control-expose-headers").orElse("");
        for (String header : List.of("dpop-nonce", "www-authenticate", "ratelimit-remaining", "ratelimit-reset")) {
            assertTrue(exposed.contains(header), exposed);
        }
    }

    @Test
    void keepAliveServesSeveralRequestsOnOneConnection() throws Exception {
        try (RawHttp connection = new RawHttp(pds.server.address())) {
            connection.send("GET", "/xrpc/_health", "");
            RawHttp.Response first = connection.read();
            connection.send("GET", "/xrpc/com.example.nothing.here", "");
            RawHttp.Response second = connection.read();

            assertEquals(200, first.status());
            assertEquals(501, second.status());
            assertEquals("{\"error\":\"MethodNotImplemented\",\"message\":\"Method Not Implemented\"}", second.body());
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (RawHttp connection = new RawHttp(pds.server.address())) {
            connection.send("GET", "/xrpc/dev.pds.test.refuse", "");
            connection.send("GET", "/xrpc/_health", "");
            connection.send("GET", "/nowhere", "Connection: close\r\n");

            assertEquals(400, connection.read().status());
            assertEquals(200, connection.read().status());
            RawHttp.Response last = connection.read();
            assertEquals(404, last.status());
            assertEquals("close", last.headers().get("connection"));
            assertTrue(connection.closedByServer());
        }
    }

    @Test
    void connectionCloseIsHonoured() throws Exception {
        try (RawHttp connection = new RawHttp(pds.server.address())) {
            connection.send("GET", "/xrpc/_health", "Connection: close\r\n");
            assertEquals(200, connection.read().status());
            assertTrue(connection.closedByServer());
        }
    }

    @Test
    void malformedQueryEncodingIsAnInvalidRequest() throws Exception {
        try (RawHttp connection = new RawHttp(pds.server.address())) {
            connection.send("GET", "/xrpc/com.atproto.server.describeServer?x=%zz", "");
            RawHttp.Response response = connection.read();
            assertEquals(400, response.status());
            assertTrue(response.body().startsWith("{\"error\":\"InvalidRequest\""), response.body());
        }
    }

    private static void assertInvalid(HttpResponse<String> response, String message) {
        assertEquals(400, response.statusCode(), response.body());
        assertEquals("{\"error\":\"InvalidRequest\",\"message\":\"" + message + "\"}", response.body());
    }
}
