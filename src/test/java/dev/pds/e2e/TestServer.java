package dev.pds.e2e;

import dev.pds.server.PdsServer;
import dev.pds.server.config.PdsConfig;
import dev.pds.server.lexicon.LexiconCatalog;
import dev.pds.server.xrpc.XrpcMethod;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real server started in this JVM on a random loopback port with a temporary data folder,
 * plus an HTTP client to talk to it. Tests may add lexicons and methods of their own.
 */
public final class TestServer implements AutoCloseable {
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    public final PdsServer server;
    public final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .build();

    private TestServer(PdsServer server) {
        this.server = server;
    }

    /**
     * A server in dev mode (embedded PLC directory) without invite codes, as most tests want;
     * {@code env} entries override these.
     */
    public static TestServer start(Path dataDirectory) throws IOException {
        return start(dataDirectory, Map.of("PDS_DEV_MODE", "true", "PDS_INVITE_REQUIRED", "false"), List.of(), List.of());
    }

    public static TestServer start(Path dataDirectory, Map<String, String> env, List<String> lexicons, List<XrpcMethod> methods)
            throws IOException {
        Map<String, String> all = new HashMap<>(env);
        all.put("PDS_PORT", "0");
        all.put("PDS_DATA_DIRECTORY", dataDirectory.toString());
        PdsConfig config = PdsConfig.fromEnvironment(all);
        LexiconCatalog catalog = LexiconCatalog.bundled().with(lexicons.toArray(String[]::new));
        return new TestServer(PdsServer.start(config, catalog, context -> methods));
    }

    public URI uri(String pathAndQuery) {
        return server.baseUri().resolve(pathAndQuery);
    }

    public HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(uri(pathAndQuery)).timeout(TIMEOUT);
    }

    public HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return http.send(request(pathAndQuery).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> postJson(String pathAndQuery, String json) throws IOException, InterruptedException {
        return http.send(request(pathAndQuery).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET with a Bearer token (null for none). */
    public HttpResponse<String> get(String pathAndQuery, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = request(pathAndQuery).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POST of JSON with a Bearer token (null for none). */
    public HttpResponse<String> postJson(String pathAndQuery, String json, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = request(pathAndQuery).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A created account's identity and first session. */
    public record Session(String did, String handle, String accessJwt, String refreshJwt) {
    }

    /** Creates an account {@code <name>.test} with email {@code <name>@example.com} and password {@code <name>-pass}. */
    public Session createAccount(String name) throws IOException, InterruptedException {
        HttpResponse<String> r = postJson("/xrpc/com.atproto.server.createAccount",
                "{\"handle\":\"" + name + ".test\",\"email\":\"" + name + "@example.com\",\"password\":\"" + name + "-pass\"}");
        if (r.statusCode() != 200) {
            throw new IllegalStateException("createAccount failed: " + r.statusCode() + " " + r.body());
        }
        com.fasterxml.jackson.databind.JsonNode j = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
        return new Session(j.get("did").asText(), j.get("handle").asText(), j.get("accessJwt").asText(),
                j.get("refreshJwt").asText());
    }

    @Override
    public void close() {
        server.close();
    }
}
