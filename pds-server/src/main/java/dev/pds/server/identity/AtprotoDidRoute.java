package dev.pds.server.identity;

import dev.pds.server.AppContext;
import dev.pds.server.account.Account;
import dev.pds.server.account.AccountStore;
import dev.pds.server.account.HandleRules;
import dev.pds.server.http.HttpResponses;
import dev.pds.server.http.HttpRoute;
import dev.pds.server.http.RouteRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * {@code GET /.well-known/atproto-did}: how a handle under one of our service domains resolves
 * over HTTPS. The handle is the Host header; the answer is the active account's DID as plain
 * text, or 404 {@code User not found}, as the reference PDS answers. The lookup reads the store,
 * so it runs on the worker pool.
 */
public final class AtprotoDidRoute implements HttpRoute {
    public static final String PATH = "/.well-known/atproto-did";

    private final AccountStore accounts;
    private final HandleRules rules;
    private final Executor workers;

    public AtprotoDidRoute(AppContext context, Executor workers) {
        this.accounts = context.accounts();
        this.rules = new HandleRules(context.config().serviceHandleDomains());
        this.workers = Objects.requireNonNull(workers, "workers");
    }

    @Override
    public boolean matches(String path) {
        return path.equals(PATH);
    }

    @Override
    public CompletableFuture<FullHttpResponse> handle(RouteRequest request) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return CompletableFuture.completedFuture(HttpResponses.text(HttpResponseStatus.METHOD_NOT_ALLOWED,
                    "Method not allowed"));
        }
        Optional<String> host = host(request.headerValues("host"));
        try {
            return CompletableFuture.supplyAsync(() -> answer(host), workers);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(HttpResponses.text(HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "Server is too busy; try again shortly"));
        }
    }

    private FullHttpResponse answer(Optional<String> host) {
        Optional<String> did = host.filter(rules::isServiceHandleOrDomain)
                .flatMap(accounts::byHandle)
                .filter(a -> a.status().isActive())
                .map(Account::did)
                .map(Object::toString);
        return did.map(d -> HttpResponses.text(HttpResponseStatus.OK, d))
                .orElseGet(() -> HttpResponses.text(HttpResponseStatus.NOT_FOUND, "User not found"));
    }

    /** The Host header without port, in lower case; empty unless exactly one names a host. */
    static Optional<String> host(List<String> values) {
        if (values.size() != 1) {
            return Optional.empty();
        }
        String host = values.get(0).trim().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            return Optional.empty(); // an IPv6 literal is no handle
        }
        int colon = host.indexOf(':');
        return Optional.of(colon < 0 ? host : host.substring(0, colon)).filter(h -> !h.isEmpty());
    }
}
