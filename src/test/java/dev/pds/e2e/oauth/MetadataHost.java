package dev.pds.e2e.oauth;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A client's web host on loopback: serves documents (client metadata) at paths, with the
 * status and content type a test chooses. Dev-mode servers may fetch from it over plain HTTP.
 */
final class MetadataHost implements AutoCloseable {
    record Doc(int status, String contentType, byte[] body, Map<String, String> headers) {
    }

    private final HttpServer server;
    private final Map<String, Doc> docs = new ConcurrentHashMap<>();

    MetadataHost() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Doc d = docs.get(exchange.getRequestURI().getPath());
            if (d == null) {
                d = new Doc(404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8), Map.of());
            }
            d.headers().forEach(exchange.getResponseHeaders()::set);
            exchange.getResponseHeaders().set("Content-Type", d.contentType());
            exchange.sendResponseHeaders(d.status(), d.body().length == 0 ? -1 : d.body().length);
            if (d.body().length > 0) {
                exchange.getResponseBody().write(d.body());
            }
            exchange.close();
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    void json(String path, String body) {
        docs.put(path, new Doc(200, "application/json", body.getBytes(StandardCharsets.UTF_8), Map.of()));
    }

    void put(String path, Doc doc) {
        docs.put(path, doc);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
