package dev.pds.server.http;

import dev.pds.core.error.XrpcException;
import dev.pds.core.syntax.Nsid;
import dev.pds.server.xrpc.XrpcDispatcher;
import dev.pds.server.xrpc.XrpcErrors;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a connection: sends each complete request to the XRPC dispatcher or to
 * one of the few plain routes, and writes the answer. One request per connection is processed
 * at a time (reading pauses meanwhile), so answers keep request order even when a client
 * pipelines. An idle connection with nothing in progress is closed.
 */
public final class RequestRouter extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(RequestRouter.class);
    private static final String XRPC_PREFIX = "/xrpc/";
    private static final int MAX_PIPELINED = 16;
    private static final int MAX_QUERY_PARAMS = 1024;
    private static final String BANNER = String.join("\n",
            "This is an AT Protocol Personal Data Server (PDS).",
            "",
            "Its API lives under /xrpc/. Learn about the protocol at https://atproto.com",
            "");

    private final XrpcDispatcher dispatcher;
    private final InFlightRequests inFlight;
    private final BooleanSupplier draining;
    private final String version;
    private final List<HttpRoute> routes;
    private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
    private boolean busy;

    public RequestRouter(XrpcDispatcher dispatcher, InFlightRequests inFlight, BooleanSupplier draining, String version) {
        this(dispatcher, inFlight, draining, version, List.of());
    }

    /** @param routes plain routes, asked in order before the built-in ones */
    public RequestRouter(XrpcDispatcher dispatcher, InFlightRequests inFlight, BooleanSupplier draining, String version,
            List<HttpRoute> routes) {
        this.routes = List.copyOf(routes);
        this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
        this.inFlight = Objects.requireNonNull(inFlight, "inFlight");
        this.draining = Objects.requireNonNull(draining, "draining");
        this.version = Objects.requireNonNull(version, "version");
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest)) {
            ctx.fireChannelRead(msg);
            return;
        }
        FullHttpRequest request = (FullHttpRequest) msg;
        if (busy) {
            if (waiting.size() >= MAX_PIPELINED) {
                request.release();
                ctx.close();
                return;
            }
            waiting.add(request);
            return;
        }
        start(ctx, request);
    }

    /** Called on the event loop when the server shuts down: close now unless a request is in progress. */
    public void closeIfIdle(ChannelHandlerContext ctx) {
        if (!busy) {
            ctx.close();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            closeIfIdle(ctx);
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        FullHttpRequest next;
        while ((next = waiting.poll()) != null) {
            next.release();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("Connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    private void start(ChannelHandlerContext ctx, FullHttpRequest request) {
        busy = true;
        inFlight.begin();
        ctx.channel().config().setAutoRead(false);
        CompletableFuture<FullHttpResponse> answer;
        try {
            answer = route(request);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((response, failure) -> ctx.executor().execute(() -> {
            FullHttpResponse out = failure == null ? response : failureResponse(request, failure);
            finish(ctx, request, out);
        }));
    }

    private void finish(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse response) {
        boolean keepAlive = HttpUtil.isKeepAlive(request) && !request.decoderResult().isFailure()
                && !draining.getAsBoolean();
        request.release();
        if (!keepAlive) {
            HttpUtil.setKeepAlive(response, false);
        }
        ctx.writeAndFlush(response).addListener(written -> {
            inFlight.end();
            busy = false;
            FullHttpRequest next = waiting.poll();
            if (!ctx.channel().isActive()) {
                if (next != null) {
                    next.release();
                }
                return;
            }
            if (next != null) {
                start(ctx, next);
            } else {
                ctx.channel().config().setAutoRead(true);
            }
        });
    }

    private CompletableFuture<FullHttpResponse> route(FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            return CompletableFuture.completedFuture(
                    HttpResponses.error(XrpcException.invalidRequest("Malformed HTTP request")));
        }
        // a semicolon is an ordinary character in XRPC query values, not a second separator
        QueryStringDecoder uri = new QueryStringDecoder(request.uri(), StandardCharsets.UTF_8, true, MAX_QUERY_PARAMS, true);
        String path;
        Map<String, List<String>> query;
        try {
            // both decode lazily and reject malformed percent-encoding
            path = uri.path();
            query = uri.parameters();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(
                    HttpResponses.error(XrpcException.invalidRequest("Malformed URL encoding")));
        }
        boolean get = HttpMethod.GET.equals(request.method());
        if (path.startsWith(XRPC_PREFIX)) {
            String nsid = path.substring(XRPC_PREFIX.length());
            if (nsid.equals("_health") && get) {
                return CompletableFuture.completedFuture(HttpResponses.json(Map.of("version", version)));
            }
            if (!Nsid.isValid(nsid)) {
                return CompletableFuture.completedFuture(
                        HttpResponses.error(XrpcException.invalidRequest("Invalid XRPC path: not an NSID")));
            }
            byte[] body = ByteBufUtil.getBytes(request.content());
            Map<String, List<String>> headers = headers(request);
            return dispatcher.dispatch(request.method().name(), nsid, query, headers, body)
                    .thenApply(HttpResponses::of)
                    .exceptionally(failure -> failureResponse(request, failure))
                    .thenApply(response -> withRouteHeaders(headers, response));
        }
        for (HttpRoute route : routes) {
            if (route.matches(path)) {
                return route.handle(new RouteRequest(request.method().name(), path, query, headers(request),
                        ByteBufUtil.getBytes(request.content())));
            }
        }
        if (path.equals("/") && get) {
            return CompletableFuture.completedFuture(HttpResponses.text(HttpResponseStatus.OK, BANNER));
        }
        if (path.equals("/robots.txt") && get) {
            return CompletableFuture.completedFuture(
                    HttpResponses.text(HttpResponseStatus.OK, "User-agent: *\nAllow: /\n"));
        }
        return CompletableFuture.completedFuture(HttpResponses.error(XrpcErrors.notFound()));
    }

    private FullHttpResponse withRouteHeaders(Map<String, List<String>> requestHeaders, FullHttpResponse response) {
        for (HttpRoute route : routes) {
            route.xrpcResponseHeaders(requestHeaders).forEach(response.headers()::set);
        }
        return response;
    }

    private static FullHttpResponse failureResponse(FullHttpRequest request, Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof XrpcException) {
            return HttpResponses.error((XrpcException) cause);
        }
        LOG.error("Unexpected failure answering {} {}", request.method(), request.uri(), cause);
        return HttpResponses.error(XrpcErrors.internal());
    }

    private static Map<String, List<String>> headers(FullHttpRequest request) {
        Map<String, List<String>> headers = new HashMap<>();
        for (Map.Entry<String, String> header : request.headers()) {
            headers.computeIfAbsent(header.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(header.getValue());
        }
        headers.replaceAll((k, v) -> List.copyOf(v));
        return headers;
    }
}
