package dev.pds.server.http;

import dev.pds.core.error.XrpcException;
import dev.pds.server.xrpc.XrpcJson;
import dev.pds.server.xrpc.XrpcResponse;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Builds the HTTP responses the server sends. Every one has a Content-Length, except streamed
 * bodies of unknown length, which use chunked transfer encoding.
 */
public final class HttpResponses {
    private HttpResponses() {
    }

    /** A complete response for an answer whose body is in memory. */
    public static FullHttpResponse of(XrpcResponse response) {
        FullHttpResponse http = bytes(HttpResponseStatus.valueOf(response.status()), response.contentType(),
                response.bodyUnsafe());
        addHeaders(http, response);
        return http;
    }

    /** Status and headers only, for an answer whose body follows in pieces (file or stream). */
    static HttpResponse head(XrpcResponse response) {
        HttpResponse http = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(response.status()));
        if (response.contentType() != null) {
            http.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
        }
        long length = response.bodyLength();
        if (length >= 0) {
            http.headers().set(HttpHeaderNames.CONTENT_LENGTH, length);
        } else {
            HttpUtil.setTransferEncodingChunked(http, true);
        }
        addHeaders(http, response);
        return http;
    }

    private static void addHeaders(HttpResponse http, XrpcResponse response) {
        for (Map.Entry<String, String> header : response.headers().entrySet()) {
            http.headers().set(header.getKey(), header.getValue());
        }
    }

    /** The XRPC error body with the status the error carries. */
    public static FullHttpResponse error(XrpcException error) {
        String message = error.getMessage() == null ? error.error() : error.getMessage();
        FullHttpResponse http = bytes(HttpResponseStatus.valueOf(error.status().code()), XrpcResponse.JSON,
                XrpcJson.errorBody(error.error(), message));
        if (error instanceof HeaderedError) {
            ((HeaderedError) error).responseHeaders().forEach(http.headers()::set);
        }
        return http;
    }

    public static FullHttpResponse json(Object value) {
        return json(HttpResponseStatus.OK, value);
    }

    public static FullHttpResponse json(HttpResponseStatus status, Object value) {
        return bytes(status, XrpcResponse.JSON, XrpcJson.write(value));
    }

    /** A body of the given type and status, for plain routes (HTML pages, OAuth JSON). */
    public static FullHttpResponse of(HttpResponseStatus status, String contentType, byte[] body) {
        return bytes(status, contentType, body);
    }

    public static FullHttpResponse text(HttpResponseStatus status, String text) {
        return bytes(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    private static FullHttpResponse bytes(HttpResponseStatus status, String contentType, byte[] body) {
        FullHttpResponse http = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        if (contentType != null) {
            http.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        http.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return http;
    }
}
