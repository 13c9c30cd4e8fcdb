package dev.pds.server.oauth.http;

import dev.pds.server.account.AccountStore;
import dev.pds.server.account.PasswordHasher;
import dev.pds.server.http.HttpResponses;
import dev.pds.server.oauth.browser.AccountPage;
import dev.pds.server.oauth.browser.AuthorizePages;
import dev.pds.server.ratelimit.LoginAttempts;
import dev.pds.server.oauth.browser.PageResponses;
import dev.pds.server.http.HttpRoute;
import dev.pds.server.http.RouteRequest;
import dev.pds.server.oauth.OAuthEndpoints;
import dev.pds.server.oauth.OAuthException;
import dev.pds.server.oauth.OAuthServer;
import dev.pds.server.oauth.metadata.ServerMetadata;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OAuth part of the front door: the discovery documents, the PAR, token and revocation
 * endpoints, and the authorization pages. Endpoint work (storage, fetching client metadata,
 * password hashing) runs on the worker executor; every endpoint answer carries a fresh DPoP
 * nonce, and so do XRPC answers to DPoP-authenticated calls.
 */
public final class OAuthRoutes implements HttpRoute {
    private static final Logger LOG = LoggerFactory.getLogger(OAuthRoutes.class);
    private static final String JSON = "application/json";
    private static final String STYLE_PATH = "/oauth/assets/style.css";
    private static final byte[] EMPTY_JWKS = "{\"keys\":[]}".getBytes(StandardCharsets.UTF_8);

    private final OAuthServer oauth;
    private final Executor workers;
    private final ServerMetadata metadata;
    private final ParEndpoint par;
    private final TokenEndpoint token;
    private final AuthorizePages pages;
    private final AccountPage account;

    public OAuthRoutes(OAuthServer oauth, AccountStore accounts, PasswordHasher passwords, LoginAttempts logins, Executor workers) {
        this.oauth = Objects.requireNonNull(oauth, "oauth");
        this.workers = Objects.requireNonNull(workers, "workers");
        this.metadata = new ServerMetadata(oauth.endpoints());
        this.par = new ParEndpoint(oauth);
        this.token = new TokenEndpoint(oauth);
        this.pages = new AuthorizePages(oauth, accounts, passwords, logins);
        this.account = new AccountPage(oauth, pages);
    }

    @Override
    public boolean matches(String path) {
        return path.equals(OAuthEndpoints.PROTECTED_RESOURCE_PATH) || path.equals(OAuthEndpoints.AUTHORIZATION_SERVER_PATH)
                || path.startsWith("/oauth/");
    }

    @Override
    public Map<String, String> xrpcResponseHeaders(Map<String, List<String>> requestHeaders) {
        List<String> authorization = requestHeaders.getOrDefault("authorization", List.of());
        if (!authorization.isEmpty() && authorization.get(0).regionMatches(true, 0, "DPoP ", 0, 5)) {
            return Map.of("DPoP-Nonce", oauth.dpop().nonces().next());
        }
        return Map.of();
    }

    @Override
    public CompletableFuture<FullHttpResponse> handle(RouteRequest request) {
        boolean read = request.method().equals("GET") || request.method().equals("HEAD");
        switch (request.path()) {
            case OAuthEndpoints.PROTECTED_RESOURCE_PATH:
                return done(read ? document(metadata.protectedResourceJson()) : notAllowed("GET"));
            case OAuthEndpoints.AUTHORIZATION_SERVER_PATH:
                return done(read ? document(metadata.authorizationServerJson()) : notAllowed("GET"));
            case OAuthEndpoints.JWKS_PATH:
                // access tokens are MACed with a secret of ours, so there is no public key to publish
                return done(read ? document(EMPTY_JWKS) : notAllowed("GET"));
            case OAuthEndpoints.PAR_PATH:
                return request.method().equals("POST") ? endpoint(request, par::handle) : done(notAllowed("POST"));
            case OAuthEndpoints.TOKEN_PATH:
                return request.method().equals("POST") ? endpoint(request, token::token) : done(notAllowed("POST"));
            case OAuthEndpoints.REVOKE_PATH:
                return request.method().equals("POST") ? endpoint(request, token::revoke) : done(notAllowed("POST"));
            case OAuthEndpoints.AUTHORIZE_PATH:
                return read ? page(request, pages::open) : done(notAllowed("GET"));
            case AccountPage.PATH:
                return read ? page(request, account::show) : done(notAllowed("GET"));
            case STYLE_PATH:
                return done(PageResponses.css());
            default:
                break;
        }
        if (request.method().equals("POST") && request.path().startsWith(OAuthEndpoints.AUTHORIZE_PATH + "/")) {
            String action = request.path().substring(OAuthEndpoints.AUTHORIZE_PATH.length() + 1);
            return page(request, r -> pages.post(r, action, pageForm(r)));
        }
        if (request.method().equals("POST") && request.path().startsWith(AccountPage.PATH + "/")) {
            String action = request.path().substring(AccountPage.PATH.length() + 1);
            return page(request, r -> account.post(r, action, pageForm(r)));
        }
        return done(OAuthJson.error(HttpResponseStatus.NOT_FOUND, "not_found", "No such OAuth endpoint"));
    }

    private static Map<String, String> pageForm(RouteRequest r) {
        try {
            return FormBody.form(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (OAuthException e) {
            return Map.of();
        }
    }

    /** Runs a page on a worker; failures become an error page, never a stack trace. */
    private CompletableFuture<FullHttpResponse> page(RouteRequest request, Function<RouteRequest, FullHttpResponse> handler) {
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return handler.apply(request);
                } catch (RuntimeException e) {
                    LOG.error("OAuth page {} failed", request.path(), e);
                    return PageResponses.serverError();
                }
            }, workers);
        } catch (RejectedExecutionException e) {
            return done(OAuthJson.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "temporarily_unavailable",
                    "Server is too busy; try again shortly"));
        }
    }

    /** Runs an endpoint on a worker; OAuth errors become their JSON answer; all get a DPoP nonce. */
    private CompletableFuture<FullHttpResponse> endpoint(RouteRequest request,
            Function<RouteRequest, FullHttpResponse> handler) {
        try {
            return CompletableFuture.supplyAsync(() -> {
                FullHttpResponse response;
                try {
                    response = handler.apply(request);
                } catch (OAuthException e) {
                    response = error(e);
                } catch (RuntimeException e) {
                    LOG.error("OAuth endpoint {} failed", request.path(), e);
                    response = OAuthJson.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "server_error",
                            "Internal Server Error");
                }
                response.headers().set("DPoP-Nonce", oauth.dpop().nonces().next());
                return response;
            }, workers);
        } catch (RejectedExecutionException e) {
            return done(OAuthJson.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "temporarily_unavailable",
                    "Server is too busy; try again shortly"));
        }
    }

    static FullHttpResponse error(OAuthException e) {
        FullHttpResponse response = OAuthJson.error(HttpResponseStatus.valueOf(e.status()), e.error(), e.description());
        e.challengeHeaders().forEach(response.headers()::set);
        return response;
    }

    private static CompletableFuture<FullHttpResponse> done(FullHttpResponse response) {
        return CompletableFuture.completedFuture(response);
    }

    private static FullHttpResponse document(byte[] json) {
        FullHttpResponse response = HttpResponses.of(HttpResponseStatus.OK, JSON, json);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "public, max-age=300");
        return response;
    }

    static FullHttpResponse notAllowed(String allowed) {
        FullHttpResponse response = OAuthJson.error(HttpResponseStatus.METHOD_NOT_ALLOWED, "invalid_request",
                "Method not allowed here; use " + allowed.toUpperCase(Locale.ROOT));
        response.headers().set(HttpHeaderNames.ALLOW, allowed);
        return response;
    }
}
