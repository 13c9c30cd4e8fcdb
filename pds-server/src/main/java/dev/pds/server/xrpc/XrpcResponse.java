package dev.pds.server.xrpc;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A successful answer: a body with its content type (or none) and extra headers. JSON values are
 * encoded when the response is made, which is on the worker thread, not the event loop.
 * (Streamed bodies, for CAR exports, are a later addition.)
 */
public final class XrpcResponse {
    public static final String JSON = "application/json; charset=utf-8";

    private final String contentType;
    private final byte[] body;
    private final Map<String, String> headers;

    private XrpcResponse(String contentType, byte[] body, Map<String, String> headers) {
        this.contentType = contentType;
        this.body = body;
        this.headers = Map.copyOf(headers);
    }

    /** A JSON body from a Jackson tree, a Map or any Jackson-serialisable value. */
    public static XrpcResponse json(Object value) {
        Objects.requireNonNull(value, "value");
        return new XrpcResponse(JSON, XrpcJson.write(value), Map.of());
    }

    /** Raw bytes with the given content type; the array is copied. */
    public static XrpcResponse bytes(String contentType, byte[] body) {
        Objects.requireNonNull(contentType, "contentType");
        return new XrpcResponse(contentType, body.clone(), Map.of());
    }

    /** 200 with no body, for procedures without output. */
    public static XrpcResponse empty() {
        return new XrpcResponse(null, new byte[0], Map.of());
    }

    public XrpcResponse withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new XrpcResponse(contentType, body, more);
    }

    /** Null when there is no body. */
    public String contentType() {
        return contentType;
    }

    public int bodyLength() {
        return body.length;
    }

    /** The body; callers must not modify the array (it is shared to avoid copying large answers). */
    public byte[] bodyUnsafe() {
        return body;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
