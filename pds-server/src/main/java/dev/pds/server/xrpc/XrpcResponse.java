package dev.pds.server.xrpc;

import java.nio.channels.FileChannel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A successful answer: a status (200 unless said otherwise, e.g. 206 for a range), a body with
 * its content type (or none) and extra headers. JSON values are encoded when the response is
 * made, which is on the worker thread, not the event loop. Large bodies are not held in memory:
 * {@link #file} sends part of an open file, {@link #stream} produces the body while it is sent.
 */
public final class XrpcResponse {
    public static final String JSON = "application/json; charset=utf-8";

    private final int status;
    private final String contentType;
    private final ResponseBody body;
    private final Map<String, String> headers;

    private XrpcResponse(int status, String contentType, ResponseBody body, Map<String, String> headers) {
        this.status = status;
        this.contentType = contentType;
        this.body = body;
        this.headers = Map.copyOf(headers);
    }

    /** A JSON body from a Jackson tree, a Map or any Jackson-serialisable value. */
    public static XrpcResponse json(Object value) {
        Objects.requireNonNull(value, "value");
        return new XrpcResponse(200, JSON, new ResponseBody.Bytes(XrpcJson.write(value)), Map.of());
    }

    /** Raw bytes with the given content type; the array is copied. */
    public static XrpcResponse bytes(String contentType, byte[] body) {
        Objects.requireNonNull(contentType, "contentType");
        return new XrpcResponse(200, contentType, new ResponseBody.Bytes(body.clone()), Map.of());
    }

    /**
     * As {@link #bytes}, taking {@code body} as it is, without a copy: for a body built for
     * this response alone, which the caller must not touch again (large pages are copied
     * otherwise at every request).
     */
    public static XrpcResponse ownBytes(String contentType, byte[] body) {
        Objects.requireNonNull(contentType, "contentType");
        return new XrpcResponse(200, contentType, new ResponseBody.Bytes(Objects.requireNonNull(body, "body")), Map.of());
    }

    /** 200 with no body, for procedures without output. */
    public static XrpcResponse empty() {
        return new XrpcResponse(200, null, new ResponseBody.Bytes(new byte[0]), Map.of());
    }

    /**
     * {@code length} bytes of {@code file} from {@code offset}; the response takes ownership of
     * the channel and closes it when sent or abandoned.
     */
    public static XrpcResponse file(String contentType, FileChannel file, long offset, long length) {
        Objects.requireNonNull(contentType, "contentType");
        return new XrpcResponse(200, contentType, new ResponseBody.FileSlice(file, offset, length), Map.of());
    }

    /**
     * A body {@code writer} produces on a worker thread while it is sent; {@code length} is the
     * exact number of bytes it will write, or -1 when unknown (then chunked transfer encoding).
     */
    public static XrpcResponse stream(String contentType, long length, BodyWriter writer) {
        Objects.requireNonNull(contentType, "contentType");
        return new XrpcResponse(200, contentType, new ResponseBody.Stream(length, writer), Map.of());
    }

    public XrpcResponse withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new XrpcResponse(status, contentType, body, more);
    }

    /** The same answer with another HTTP status (206 Partial Content, 416 for an unsatisfiable range...). */
    public XrpcResponse withStatus(int status) {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("not a final HTTP status: " + status);
        }
        return new XrpcResponse(status, contentType, body, headers);
    }

    public int status() {
        return status;
    }

    /** Null when there is no body. */
    public String contentType() {
        return contentType;
    }

    public ResponseBody body() {
        return body;
    }

    /** The body's length, -1 for a stream of unknown length. */
    public long bodyLength() {
        return body.length();
    }

    /** The bytes of an in-memory body; callers must not modify the array (shared to avoid copying large answers). */
    public byte[] bodyUnsafe() {
        if (body instanceof ResponseBody.Bytes bytes) {
            return bytes.bytes();
        }
        throw new IllegalStateException("the body is not in memory: " + body.getClass().getSimpleName());
    }

    public Map<String, String> headers() {
        return headers;
    }
}
