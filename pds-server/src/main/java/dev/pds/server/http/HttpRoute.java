package dev.pds.server.http;

import io.netty.handler.codec.http.FullHttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A plain (non-XRPC) HTTP endpoint family, such as the OAuth endpoints and pages or a
 * well-known document. The router asks each route in turn whether it answers a path; the
 * first that does gets the request. Routes run their blocking work off the event loop.
 */
public interface HttpRoute {
    /** Whether this route answers requests for the path (the method is for the route to check). */
    boolean matches(String path);

    /** The answer; client errors are answers too, never exceptions. */
    CompletableFuture<FullHttpResponse> handle(RouteRequest request);

    /**
     * Headers to add to an XRPC answer (success or error) given the request's lower-case
     * headers; for example the DPoP nonce for requests made with DPoP-bound tokens.
     */
    default Map<String, String> xrpcResponseHeaders(Map<String, List<String>> requestHeaders) {
        return Map.of();
    }
}
