package dev.pds.e2e;

import dev.pds.server.PdsServer;
import dev.pds.server.api.PdsMethods;
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
final class TestServer implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    final PdsServer server;
    final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .build();

    private TestServer(PdsServer server) {
        this.server = server;
    }

    static TestServer start(Path dataDirectory) throws IOException {
        return start(dataDirectory, Map.of(), List.of(), List.of());
    }

    static TestServer start(Path dataDirectory, Map<String, String> env, List<String> lexicons, List<XrpcMethod> methods)
            throws IOException {
        Map<String, String> all = new HashMap<>(env);
        all.put("PDS_PORT", "0");
        all.put("PDS_DATA_DIRECTORY", dataDirectory.toString());
        PdsConfig config = PdsConfig.fromEnvironment(all);
        LexiconCatalog catalog = LexiconCatalog.bundled().with(lexicons.toArray(String[]::new));
        var registry = PdsMethods.standard(config, catalog);
        methods.forEach(registry::add);
        return new TestServer(PdsServer.start(config, registry.build()));
    }

    URI uri(String pathAndQuery) {
        return server.baseUri().resolve(pathAndQuery);
    }

    HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(uri(pathAndQuery)).timeout(TIMEOUT);
    }

    HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return http.send(request(pathAndQuery).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postJson(String pathAndQuery, String json) throws IOException, InterruptedException {
        return http.send(request(pathAndQuery).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        server.close();
    }
}
