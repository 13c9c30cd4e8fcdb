package dev.pds.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Query parameters are checked against the method's lexicon before the handler runs. */
class ParamsValidationTest {
    @TempDir
    static Path data;

    static TestServer pds;

    @BeforeAll
    static void start() throws IOException {
        pds = TestServer.start(data, Map.of(), List.of(TestMethods.ECHO_PARAMS_LEXICON),
                List.of(new TestMethods.EchoParams()));
    }

    @AfterAll
    static void stop() {
        pds.close();
    }

    @Test
    void validParametersArriveTypedWithDefaults() throws Exception {
        HttpResponse<String> response = pds.get("/xrpc/dev.pds.test.echoParams?actor=alice.test&reverse=true");
        assertEquals(200, response.statusCode());
        assertEquals("{\"actor\":\"alice.test\",\"limit\":50,\"reverse\":true}", response.body());
    }

    @Test
    void arraysAndEncodedValues() throws Exception {
        HttpResponse<String> response = pds.get(
                "/xrpc/dev.pds.test.echoParams?actor=did%3Aplc%3Aabc&cursor=a%20b+c%2Bd;e&limit=100&tags=x&tags=y%26z"
                        + "&unknown=ignored");
        assertEquals(200, response.statusCode());
        assertEquals("{\"actor\":\"did:plc:abc\",\"cursor\":\"a b c+d;e\",\"limit\":100,\"tags\":[\"x\",\"y&z\"]}",
                response.body());
    }

    @Test
    void violationsAreInvalidRequestsNamingTheParameter() throws Exception {
        assertRejected("", "Parameter 'actor' is required");
        assertRejected("?actor=a.test&limit=0", "Parameter 'limit' must be at least 1");
        assertRejected("?actor=a.test&limit=101", "Parameter 'limit' must be at most 100");
        assertRejected("?actor=a.test&limit=many", "Parameter 'limit' must be an integer");
        assertRejected("?actor=a.test&reverse=maybe", "Parameter 'reverse' must be true or false");
        assertRejected("?actor=" + "a".repeat(16) + ".test", "Parameter 'actor' is too long");
        assertRejected("?actor=not%20a%20handle", "Parameter 'actor' must be a valid at-identifier");
        assertRejected("?actor=a.test&actor=b", "Parameter 'actor' must be given once");
        assertRejected("?actor=a.test&tags=1&tags=2&tags=3&tags=4", "Parameter 'tags' takes at most 3 values");
    }

    private static void assertRejected(String query, String message) throws Exception {
        HttpResponse<String> response = pds.get("/xrpc/dev.pds.test.echoParams" + query);
        assertEquals(400, response.statusCode(), response.body());
        assertEquals("{\"error\":\"InvalidRequest\",\"message\":\"" + message + "\"}", response.body());
    }
}
