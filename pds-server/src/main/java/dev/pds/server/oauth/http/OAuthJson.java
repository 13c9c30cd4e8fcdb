package dev.pds.server.oauth.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.server.http.HttpResponses;
import dev.pds.server.xrpc.XrpcJson;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;

/** JSON answers of the OAuth endpoints: never cached (RFC 6749 section 5.1). */
final class OAuthJson {
    static final String TYPE = "application/json";

    private OAuthJson() {
    }

    static FullHttpResponse ok(HttpResponseStatus status, Object body) {
        FullHttpResponse response = HttpResponses.of(status, TYPE, XrpcJson.write(body));
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        response.headers().set(HttpHeaderNames.PRAGMA, "no-cache");
        return response;
    }

    /** {@code {"error": ..., "error_description": ...}}, the OAuth error shape. */
    static FullHttpResponse error(HttpResponseStatus status, String error, String description) {
        ObjectNode body = XrpcJson.object();
        body.put("error", error);
        body.put("error_description", description);
        return ok(status, body);
    }
}
