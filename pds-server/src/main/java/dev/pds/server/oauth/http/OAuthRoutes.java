package dev.pds.server.oauth.http;

import dev.pds.server.http.HttpResponses;
import dev.pds.server.http.HttpRoute;
import dev.pds.server.http.RouteRequest;
import dev.pds.server.oauth.OAuthEndpoints;
import dev.pds.server.oauth.metadata.ServerMetadata;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The OAuth part of the front door: the two discovery documents, and the {@code /oauth/...}
 * endpoints and pages. Answers that need no storage are made on the event loop.
 */
public final class OAuthRoutes implements HttpRoute {
    private static final String JSON = "application/json";
    private static final byte[] EMPTY_JWKS = "{\"keys\":[]}".getBytes(StandardCharsets.UTF_8);

    private final ServerMetadata metadata;

    public OAuthRoutes(OAuthEndpoints endpoints) {
        this.metadata = new ServerMetadata(Objects.requireNonNull(endpoints, "endpoints"));
    }

    @Override
    public boolean matches(String path) {
        return path.equals(OAuthEndpoints.PROTECTED_RESOURCE_PATH) || path.equals(OAuthEndpoints.AUTHORIZATION_SERVER_PATH)
                || path.startsWith("/oauth/");
    }

    @Override
    public CompletableFuture<FullHttpResponse> handle(RouteRequest request) {
        return CompletableFuture.completedFuture(answer(request));
    }

    private FullHttpResponse answer(RouteRequest request) {
        boolean read = request.method().equals("GET") || request.method().equals("HEAD");
        switch (request.path()) {
            case OAuthEndpoints.PROTECTED_RESOURCE_PATH:
                return read ? document(metadata.protectedResourceJson()) : notAllowed("GET");
            case OAuthEndpoints.AUTHORIZATION_SERVER_PATH:
                return read ? document(metadata.authorizationServerJson()) : notAllowed("GET");
            case OAuthEndpoints.JWKS_PATH:
                // access tokens are MACed with a secret of ours, so there is no public key to publish
                return read ? document(EMPTY_JWKS) : notAllowed("GET");
            default:
                return OAuthJson.error(HttpResponseStatus.NOT_FOUND, "not_found", "No such OAuth endpoint");
        }
    }

    private static FullHttpResponse document(byte[] json) {
        FullHttpResponse response = HttpResponses.of(HttpResponseStatus.OK, JSON, json);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "public, max-age=300");
        return response;
    }

    static FullHttpResponse notAllowed(String allowed) {
        FullHttpResponse response = OAuthJson.error(HttpResponseStatus.METHOD_NOT_ALLOWED, "invalid_request",
                "Method not allowed here; use " + allowed);
        response.headers().set(HttpHeaderNames.ALLOW, allowed);
        return response;
    }
}
