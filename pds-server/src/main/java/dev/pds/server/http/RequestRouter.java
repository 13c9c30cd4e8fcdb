package dev.pds.server.http;

import dev.pds.core.error.XrpcException;
import dev.pds.core.syntax.Nsid;
import dev.pds.server.xrpc.ClientAddress;
import dev.pds.server.xrpc.RequestBody;
import dev.pds.server.xrpc.XrpcDispatcher;
import dev.pds.server.xrpc.XrpcErrors;
import dev.pds.server.xrpc.XrpcResponse;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a connection: sends each request to the XRPC dispatcher or to one of the
 * few plain routes, and writes the answer. Requests arrive complete (a body collected in memory)
 * or spooled (a streaming method's body in a temporary file, or its refusal). One request per
 * connection is processed at a time (reading pauses meanwhile), so answers keep request order
 * even when a client pipelines. An idle connection with nothing in progress is closed, and so
 * is one whose client stopped reading an answer being sent.
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
    private final HealthCheck health;
    private final ResponseWriter writer;
    private final List<HttpRoute> routes;
    private final ArrayDeque<Inbound> waiting = new ArrayDeque<>();
    private boolean busy;
    private boolean sending;

    /** What goes back: an XRPC answer (any kind of body), or a complete response (plain routes, errors). */
    private sealed interface Answer permits XrpcAnswer, FullAnswer {
        void discard();
    }

    private record XrpcAnswer(XrpcResponse response) implements Answer {
        @Override
        public void discard() {
            response.body().discard();
        }
    }

    private record FullAnswer(FullHttpResponse response) implements Answer {
        @Override
        public void discard() {
            response.release();
        }
    }

    /** A request as the router handles it, whichever way its body came. */
    private record Inbound(HttpRequest head, FullHttpRequest full, SpooledRequest spooled) {
        static Inbound of(Object msg) {
            if (msg instanceof FullHttpRequest full) {
                return new Inbound(full, full, null);
            }
            if (msg instanceof SpooledRequest spooled) {
                return new Inbound(spooled.head(), null, spooled);
            }
            return null;
        }

        RequestBody body() {
            return full != null ? RequestBody.of(ByteBufUtil.getBytes(full.content()))
                    : RequestBody.file(spooled.file(), spooled.size());
        }

        XrpcException refusal() {
            return spooled == null ? null : spooled.refusal();
        }

        void release() {
            if (full != null) {
                full.release();
            } else {
                spooled.release();
            }
        }
    }

    /**
     * @param stallTimeout how long a streamed answer waits for a client that stopped reading
     * @param routes       plain routes, asked in order before the built-in ones
     */
    public RequestRouter(XrpcDispatcher dispatcher, InFlightRequests inFlight, BooleanSupplier draining, String version,
            HealthCheck health, Duration stallTimeout, List<HttpRoute> routes) {
        this.routes = List.copyOf(routes);
        this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
        this.inFlight = Objects.requireNonNull(inFlight, "inFlight");
        this.draining = Objects.requireNonNull(draining, "draining");
        this.version = Objects.requireNonNull(version, "version");
        this.health = Objects.requireNonNull(health, "health");
        this.writer = new ResponseWriter(dispatcher.workers(), stallTimeout.toMillis());
    }

    private FullHttpResponse health() {
        Optional<String> problem = health.problem();
        if (problem.isEmpty()) {
            return HttpResponses.json(Map.of("version", version));
        }
        LOG.error("Failed health check: {}", problem.get());
        return HttpResponses.json(HttpResponseStatus.SERVICE_UNAVAILABLE, Map.of("version", version, "error", "Service Unavailable"));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Inbound request = Inbound.of(msg);
        if (request == null) {
            ctx.fireChannelRead(msg);
            return;
        }
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
            // an answer being sent without progress means the client stopped reading
            if (!busy || sending) {
                ctx.close();
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseWaiting();
        ctx.fireChannelInactive();
    }

    private void releaseWaiting() {
        Inbound next;
        while ((next = waiting.poll()) != null) {
            next.release();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("Connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    private void start(ChannelHandlerContext ctx, Inbound request) {
        busy = true;
        inFlight.begin();
        ctx.channel().config().setAutoRead(false);
        CompletableFuture<Answer> answer;
        try {
            answer = route(request, ctx.channel().remoteAddress());
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((response, failure) -> ctx.executor().execute(() -> finish(ctx, request, response, failure)));
    }

    private void finish(ChannelHandlerContext ctx, Inbound request, Answer answer, Throwable failure) {
        if (failure != null) {
            answer = new FullAnswer(failureResponse(request.head(), failure));
        }
        if (!ctx.channel().isActive()) {
            // the client left while the handler worked: nothing to send, release what the answer holds
            answer.discard();
            request.release();
            inFlight.end();
            busy = false;
            releaseWaiting();
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request.head()) && !request.head().decoderResult().isFailure()
                && !draining.getAsBoolean();
        request.release();
        sending = true;
        ChannelFuture written;
        if (answer instanceof XrpcAnswer xrpc) {
            written = writer.write(ctx, xrpc.response(), keepAlive);
        } else {
            FullHttpResponse full = ((FullAnswer) answer).response();
            if (!keepAlive) {
                HttpUtil.setKeepAlive(full, false);
            }
            written = ctx.writeAndFlush(full);
        }
        written.addListener(done -> {
            sending = false;
            inFlight.end();
            busy = false;
            if (!done.isSuccess()) {
                // a body cut short leaves the connection unusable for another answer
                ctx.close();
            }
            if (!ctx.channel().isActive()) {
                releaseWaiting();
                return;
            }
            Inbound next = waiting.poll();
            if (next != null) {
                start(ctx, next);
            } else {
                ctx.channel().config().setAutoRead(true);
            }
        });
    }

    private CompletableFuture<Answer> route(Inbound request, java.net.SocketAddress peer) {
        HttpRequest head = request.head();
        if (head.decoderResult().isFailure()) {
            return full(HttpResponses.error(XrpcException.invalidRequest("Malformed HTTP request")));
        }
        if (request.refusal() != null) {
            return full(HttpResponses.error(request.refusal()));
        }
        // a semicolon is an ordinary character in XRPC query values, not a second separator
        QueryStringDecoder uri = new QueryStringDecoder(head.uri(), StandardCharsets.UTF_8, true, MAX_QUERY_PARAMS, true);
        String path;
        Map<String, List<String>> query;
        try {
            // both decode lazily and reject malformed percent-encoding
            path = uri.path();
            query = uri.parameters();
        } catch (IllegalArgumentException e) {
            return full(HttpResponses.error(XrpcException.invalidRequest("Malformed URL encoding")));
        }
        boolean get = HttpMethod.GET.equals(head.method());
        if (path.startsWith(XRPC_PREFIX)) {
            String nsid = path.substring(XRPC_PREFIX.length());
            if (nsid.equals("_health") && get) {
                return full(health());
            }
            if (!Nsid.isValid(nsid)) {
                return full(HttpResponses.error(XrpcException.invalidRequest("Invalid XRPC path: not an NSID")));
            }
            Map<String, List<String>> headers = headers(head);
            if (dispatcher.countsCallers()) {
                headers.put(ClientAddress.KEY, List.of(ClientAddress.of(peer, headers)));
            }
            return dispatcher.dispatch(head.method().name(), nsid, query, headers, request.body())
                    .handle((response, failure) -> {
                        Map<String, String> extra = routeHeaders(headers);
                        if (failure != null) {
                            FullHttpResponse error = failureResponse(head, failure);
                            extra.forEach(error.headers()::set);
                            return new FullAnswer(error);
                        }
                        for (Map.Entry<String, String> header : extra.entrySet()) {
                            response = response.withHeader(header.getKey(), header.getValue());
                        }
                        return new XrpcAnswer(response);
                    });
        }
        for (HttpRoute route : routes) {
            if (route.matches(path)) {
                Map<String, List<String>> headers = headers(head);
                headers.put(ClientAddress.KEY, List.of(ClientAddress.of(peer, headers)));
                return route.handle(new RouteRequest(head.method().name(), path, query, headers,
                        request.body().bytesUnsafe())).thenApply(FullAnswer::new);
            }
        }
        if (path.equals("/") && get) {
            return full(HttpResponses.text(HttpResponseStatus.OK, BANNER));
        }
        if (path.equals("/robots.txt") && get) {
            return full(HttpResponses.text(HttpResponseStatus.OK, "User-agent: *\nAllow: /\n"));
        }
        return full(HttpResponses.error(XrpcErrors.notFound()));
    }

    private static CompletableFuture<Answer> full(FullHttpResponse response) {
        return CompletableFuture.completedFuture(new FullAnswer(response));
    }

    /** Headers the plain routes add to every XRPC answer (the DPoP nonce, for instance). */
    private Map<String, String> routeHeaders(Map<String, List<String>> requestHeaders) {
        Map<String, String> extra = new LinkedHashMap<>();
        for (HttpRoute route : routes) {
            extra.putAll(route.xrpcResponseHeaders(requestHeaders));
        }
        return extra;
    }

    private static FullHttpResponse failureResponse(HttpRequest request, Throwable failure) {
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

    /** The request's headers by lower-case name, as XRPC methods see them. */
    static Map<String, List<String>> headers(HttpRequest request) {
        Map<String, List<String>> headers = new HashMap<>();
        for (Map.Entry<String, String> header : request.headers()) {
            headers.computeIfAbsent(header.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(header.getValue());
        }
        headers.replaceAll((k, v) -> List.copyOf(v));
        return headers;
    }
}
