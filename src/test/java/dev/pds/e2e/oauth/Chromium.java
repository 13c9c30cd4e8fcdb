package dev.pds.e2e.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Headless Chromium driven over the DevTools protocol, for tests of the authorization pages in
 * a real browser (cookies, CSP, form posts and redirects as a user's browser does them). Uses
 * Debian's {@code chromium} (or {@code CHROMIUM}); {@link #find} is null when it is absent.
 */
final class Chromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final WebSocket socket;
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final String session;

    /** The browser binary, or null when none is installed. */
    static Path find() {
        String env = System.getenv("CHROMIUM");
        for (String candidate : env != null ? List.of(env) : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        return null;
    }

    Chromium(Path binary, Path profile) throws Exception {
        process = new ProcessBuilder(binary.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check", "--remote-debugging-port=0",
                "--user-data-dir=" + profile, "about:blank").redirectErrorStream(true).start();
        String endpoint = null;
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        String line;
        while (endpoint == null && (line = out.readLine()) != null && System.nanoTime() < deadline) {
            int at = line.indexOf("ws://");
            if (line.startsWith("DevTools listening on") && at >= 0) {
                endpoint = line.substring(at).trim();
            }
        }
        if (endpoint == null) {
            process.destroyForcibly();
            throw new IOException("Chromium did not start its DevTools endpoint");
        }
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // Chromium's own log lines
                }
            } catch (IOException ignored) {
                // the browser went away
            }
        });
        drain.setDaemon(true);
        drain.start();
        socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(endpoint), new Listener())
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        String target = command(null, "Target.createTarget", Map.of("url", "about:blank")).get("targetId").asText();
        session = command(null, "Target.attachToTarget", Map.of("targetId", target, "flatten", true)).get("sessionId").asText();
        command(session, "Page.enable", Map.of());
    }

    void navigate(String url) throws Exception {
        command(session, "Page.navigate", Map.of("url", url));
        waitForPage();
    }

    /** Evaluates an expression in the page; its value as JSON. */
    JsonNode eval(String expression) throws Exception {
        JsonNode r = command(session, "Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
        if (r.has("exceptionDetails")) {
            throw new IllegalStateException("page script failed: " + r.get("exceptionDetails"));
        }
        return r.path("result").path("value");
    }

    String url() throws Exception {
        return eval("location.href").asText();
    }

    /** Fills a field by id, then submits by clicking the button with the given CSS selector; waits for the next page. */
    void fillAndClick(Map<String, String> fields, String buttonSelector) throws Exception {
        StringBuilder js = new StringBuilder();
        for (Map.Entry<String, String> f : fields.entrySet()) {
            js.append("document.getElementById(").append(JSON.writeValueAsString(f.getKey())).append(").value = ")
                    .append(JSON.writeValueAsString(f.getValue())).append(";");
        }
        eval(js + "true");
        click("document.querySelector(" + JSON.writeValueAsString(buttonSelector) + ")");
    }

    void click(String elementExpression) throws Exception {
        String before = url() + "|" + eval("document.body ? document.body.innerHTML.length : 0").asText();
        eval("window.__marker = 1; (" + elementExpression + ").click(); true");
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Thread.sleep(100);
            JsonNode marker;
            try {
                marker = eval("typeof window.__marker");
            } catch (IllegalStateException e) {
                continue;
            }
            if (!"number".equals(marker.asText())) {
                waitForPage();
                return;
            }
        }
        throw new IOException("no navigation after clicking " + elementExpression + " on " + before);
    }

    private void waitForPage() throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if ("complete".equals(eval("document.readyState").asText())) {
                    return;
                }
            } catch (IllegalStateException e) {
                // the page is being replaced
            }
            Thread.sleep(50);
        }
        throw new IOException("page did not finish loading");
    }

    private JsonNode command(String sessionId, String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode msg = JSON.createObjectNode();
        msg.put("id", id);
        msg.put("method", method);
        msg.set("params", JSON.valueToTree(params));
        if (sessionId != null) {
            msg.put("sessionId", sessionId);
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        socket.sendText(msg.toString(), true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        JsonNode r = answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (r.has("error")) {
            throw new IllegalStateException(method + " failed: " + r.get("error"));
        }
        return r.path("result");
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    JsonNode msg = JSON.readTree(text.toString());
                    CompletableFuture<JsonNode> f = msg.has("id") ? pending.remove(msg.get("id").asInt()) : null;
                    if (f != null) {
                        f.complete(msg);
                    }
                } catch (IOException e) {
                    // not JSON: ignore
                }
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        } catch (RuntimeException ignored) {
            // already closed
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
