package dev.pds.server.plc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.pds.core.error.ErrorStatus;
import dev.pds.core.error.XrpcException;
import dev.pds.core.plc.PlcException;
import dev.pds.core.plc.PlcJson;
import dev.pds.core.plc.PlcOp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded directory over HTTP, with the routes, status codes and {@code {"message"}}
 * error bodies of the reference directory: {@code POST /:did}, {@code GET /:did} (DID
 * document), {@code /:did/data}, {@code /:did/log}, {@code /:did/log/audit},
 * {@code /:did/log/last} and {@code /_health}. Built on the JDK's HTTP server rather than
 * Netty: it serves a few requests from one local PDS in dev mode, needs no pipeline of its
 * own, and stays apart from the PDS's front door. Binds to loopback only.
 */
public final class PlcDirectoryServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PlcDirectoryServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The reference directory's JSON body limit (express.json 100kb). */
    public static final int MAX_BODY_BYTES = 100 * 1024;
    static final String VERSION = "0.1.0-embedded";
    /** How much of an oversized body is read and dropped before answering 413. */
    private static final long DRAIN_LIMIT = 16L * 1024 * 1024;

    private final PlcDirectory directory;
    private final HttpServer server;
    private final ExecutorService executor;

    private PlcDirectoryServer(PlcDirectory directory, HttpServer server, ExecutorService executor) {
        this.directory = directory;
        this.server = server;
        this.executor = executor;
    }

    /** Starts serving {@code directory} on 127.0.0.1:{@code port} (0 picks a free port). */
    public static PlcDirectoryServer start(PlcDirectory directory, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "plc-directory");
            t.setDaemon(true);
            return t;
        });
        PlcDirectoryServer s = new PlcDirectoryServer(directory, server, executor);
        server.createContext("/", s::handle);
        server.setExecutor(executor);
        server.start();
        LOG.info("Embedded PLC directory listening on {}", s.url());
        return s;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The base URL to give clients, e.g. {@code http://127.0.0.1:2582}. */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    public PlcDirectory directory() {
        return directory;
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getRawPath();
            String method = ex.getRequestMethod();
            if (path.equals("/_health")) {
                requireMethod(method, "GET");
                send(ex, 200, "application/json", JSON.createObjectNode().put("version", VERSION).toString());
                return;
            }
            String[] parts = path.substring(1).split("/", -1);
            if (parts.length == 0 || parts[0].isEmpty() || parts.length > 3) {
                throw notFound();
            }
            String did = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
            String rest = path.substring(1 + parts[0].length());
            switch (rest) {
                case "" -> {
                    if (method.equals("POST")) {
                        PlcOp op = PlcJson.readOp(readBody(ex), true);
                        directory.submit(did, op);
                        send(ex, 200, "text/plain; charset=utf-8", "OK");
                    } else {
                        requireMethod(method, "GET");
                        send(ex, 200, "application/did+ld+json", directory.getDocument(did).toString());
                    }
                }
                case "/data" -> sendJson(ex, method, directory.getData(did).toJson());
                case "/log" -> {
                    ArrayNode arr = JSON.createArrayNode();
                    directory.getLog(did).forEach(op -> arr.add(readTree(op.toJson())));
                    sendJson(ex, method, arr);
                }
                case "/log/audit" -> {
                    ArrayNode arr = JSON.createArrayNode();
                    directory.getAuditLog(did).forEach(e -> arr.add(e.toJson()));
                    sendJson(ex, method, arr);
                }
                case "/log/last" -> sendJson(ex, method, readTree(directory.getLastOp(did).toJson()));
                default -> throw notFound();
            }
        } catch (XrpcException e) {
            int status = e instanceof PlcException ? 400 : e.status().code();
            sendError(ex, status, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("embedded PLC directory failed on {} {}", ex.getRequestMethod(), ex.getRequestURI(), e);
            sendError(ex, 500, "Internal Server Error");
        } finally {
            ex.close();
        }
    }

    private static void sendJson(HttpExchange ex, String method, JsonNode body) throws IOException {
        requireMethod(method, "GET");
        send(ex, 200, "application/json; charset=utf-8", body.toString());
    }

    private static void requireMethod(String method, String allowed) {
        if (!method.equals(allowed)) {
            throw notFound(); // the reference answers unknown method/path pairs with 404
        }
    }

    private static XrpcException notFound() {
        return new XrpcException(ErrorStatus.NOT_FOUND, "NotFound", "Not Found");
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("our own JSON did not parse", e);
        }
    }

    private static String readBody(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                // read what the client is still sending (to a bound) so it gets our answer, not a reset
                long skipped = 0;
                byte[] sink = new byte[8192];
                for (int n; skipped < DRAIN_LIMIT && (n = in.read(sink)) > 0; ) {
                    skipped += n;
                }
                throw new XrpcException(ErrorStatus.PAYLOAD_TOO_LARGE, "PayloadTooLarge", "request entity too large");
            }
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static void sendError(HttpExchange ex, int status, String message) throws IOException {
        send(ex, status, "application/json; charset=utf-8", JSON.createObjectNode().put("message", message).toString());
    }

    private static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("content-type", contentType);
        ex.getResponseHeaders().set("access-control-allow-origin", "*");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Stops accepting, waits up to a second for requests in flight, then closes the directory. */
    @Override
    public void close() throws IOException {
        server.stop(1);
        executor.shutdown();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        directory.close();
    }
}
