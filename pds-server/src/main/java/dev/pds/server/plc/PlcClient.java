package dev.pds.server.plc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.error.XrpcException;
import dev.pds.core.plc.PlcException;
import dev.pds.core.plc.PlcJson;
import dev.pds.core.plc.PlcLogEntry;
import dev.pds.core.plc.PlcOp;
import dev.pds.core.plc.PlcState;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A remote directory over HTTP ({@code PDS_DID_PLC_URL}, e.g. https://plc.directory). Every
 * answer is read and checked before use; a directory that answers garbage is an upstream
 * failure, never a crash.
 */
public final class PlcClient implements PlcDirectoryClient {
    /** Answers larger than this are refused; audit logs of real DIDs are a few kilobytes. */
    public static final int MAX_RESPONSE_BYTES = 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http;
    private final Duration requestTimeout;

    /**
     * @param baseUrl the directory's root URL (no trailing slash needed)
     * @param connectTimeout how long to wait for a connection
     * @param requestTimeout how long to wait for each whole answer
     */
    public PlcClient(String baseUrl, Duration connectTimeout, Duration requestTimeout) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        URI uri = URI.create(baseUrl);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException("PLC directory URL must be http or https: " + baseUrl);
        }
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** With 5 s to connect and 10 s per request. */
    public PlcClient(String baseUrl) {
        this(baseUrl, Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public void submit(String did, PlcOp op) {
        HttpRequest request = HttpRequest.newBuilder(url(did, ""))
                .timeout(requestTimeout)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(op.toJson()))
                .build();
        HttpResponse<byte[]> response = send(request);
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        String message = messageOf(response);
        if (status >= 400 && status < 500) {
            // the directory judged the operation: pass its reason on
            throw new PlcException(PlcException.INVALID_OPERATION, message);
        }
        throw PlcErrors.upstream("PLC directory answered " + status + ": " + message, null);
    }

    @Override
    public ObjectNode getDocument(String did) {
        JsonNode doc = getJson(did, "");
        if (!doc.isObject()) {
            throw PlcErrors.upstream("PLC directory served a DID document that is not an object", null);
        }
        return (ObjectNode) doc;
    }

    @Override
    public PlcState getData(String did) {
        return parsed(() -> PlcState.fromJson(getJson(did, "/data")));
    }

    @Override
    public PlcOp getLastOp(String did) {
        return parsed(() -> PlcJson.readOp(getJson(did, "/log/last"), true));
    }

    @Override
    public List<PlcOp> getLog(String did) {
        JsonNode array = getArray(did, "/log");
        return parsed(() -> {
            List<PlcOp> out = new ArrayList<>(array.size());
            array.forEach(n -> out.add(PlcJson.readOp(n, true)));
            return out;
        });
    }

    @Override
    public List<PlcLogEntry> getAuditLog(String did) {
        JsonNode array = getArray(did, "/log/audit");
        return parsed(() -> {
            List<PlcLogEntry> out = new ArrayList<>(array.size());
            array.forEach(n -> out.add(PlcLogEntry.fromJson(n)));
            return out;
        });
    }

    private JsonNode getArray(String did, String suffix) {
        JsonNode node = getJson(did, suffix);
        if (!node.isArray()) {
            throw PlcErrors.upstream("PLC directory served " + suffix + " that is not an array", null);
        }
        return node;
    }

    private JsonNode getJson(String did, String suffix) {
        HttpRequest request = HttpRequest.newBuilder(url(did, suffix)).timeout(requestTimeout).GET().build();
        HttpResponse<byte[]> response = send(request);
        int status = response.statusCode();
        if (status == 404) {
            throw new XrpcException(dev.pds.core.error.ErrorStatus.NOT_FOUND, PlcErrors.DID_NOT_FOUND, messageOf(response));
        }
        if (status != 200) {
            throw PlcErrors.upstream("PLC directory answered " + status + ": " + messageOf(response), null);
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw PlcErrors.upstream("PLC directory answered malformed JSON", e);
        }
    }

    private HttpResponse<byte[]> send(HttpRequest request) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw PlcErrors.timeout("PLC directory did not answer in time: " + request.uri(), e);
        } catch (IOException e) {
            throw PlcErrors.upstream("PLC directory unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PlcErrors.upstream("interrupted while waiting for the PLC directory", e);
        }
        if (response.body().length > MAX_RESPONSE_BYTES) {
            throw PlcErrors.upstream("PLC directory answer over " + MAX_RESPONSE_BYTES + " bytes", null);
        }
        return response;
    }

    private URI url(String did, String suffix) {
        // as the directory's own client does: the DID as one encoded path segment
        return URI.create(baseUrl + "/" + URLEncoder.encode(did, StandardCharsets.UTF_8) + suffix);
    }

    /** The directory's {@code {"message": ...}}, or the start of whatever it sent. */
    private static String messageOf(HttpResponse<byte[]> response) {
        String body = new String(response.body(), StandardCharsets.UTF_8);
        try {
            JsonNode node = JSON.readTree(body);
            if (node != null && node.path("message").isTextual()) {
                return node.get("message").textValue();
            }
        } catch (JsonProcessingException e) {
            // not JSON: fall through to the raw text
        }
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }

    private static <T> T parsed(java.util.function.Supplier<T> reader) {
        try {
            return reader.get();
        } catch (PlcException e) {
            throw PlcErrors.upstream("PLC directory served data we cannot read: " + e.getMessage(), e);
        }
    }
}
