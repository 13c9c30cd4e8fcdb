package dev.pds.server.http;

import dev.pds.server.config.HttpLimits;
import dev.pds.server.xrpc.XrpcDispatcher;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The HTTP/1.1 pipeline of one connection, one concern per handler: idle detection (sending
 * progress counts as activity), HTTP codec, keep-alive, CORS, chunked writes of streamed
 * answers, spooling of streamed uploads to temporary files, body limit, WebSocket upgrades
 * (the firehose), routing.
 */
public final class HttpChannelInitializer extends ChannelInitializer<SocketChannel> {
    static final int MAX_INITIAL_LINE = 8192;
    static final int MAX_HEADER_BYTES = 16384;
    static final int MAX_CHUNK = 8192;

    private final HttpLimits limits;
    private final Supplier<XrpcDispatcher> dispatcher;
    private final InFlightRequests inFlight;
    private final BooleanSupplier draining;
    private final ChannelGroup connections;
    private final String version;
    private final HealthCheck health;
    private final Supplier<List<HttpRoute>> routes;
    private final ChannelHandler upgrades;
    private final Path uploadDirectory;

    /**
     * @param health          asked by GET /xrpc/_health (a problem answers 503)
     * @param routes          the plain (non-XRPC) routes, known once the server has started
     * @param upgrades        a sharable handler that takes the WebSocket requests it knows (the
     *                        firehose), before the router; null for none
     * @param uploadDirectory where bodies of streaming methods are spooled (emptied by the server at startup)
     */
    public HttpChannelInitializer(HttpLimits limits, Supplier<XrpcDispatcher> dispatcher, InFlightRequests inFlight,
            BooleanSupplier draining, ChannelGroup connections, String version, HealthCheck health,
            Supplier<List<HttpRoute>> routes, ChannelHandler upgrades, Path uploadDirectory) {
        this.routes = Objects.requireNonNull(routes, "routes");
        this.upgrades = upgrades;
        this.uploadDirectory = Objects.requireNonNull(uploadDirectory, "uploadDirectory");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
        this.inFlight = Objects.requireNonNull(inFlight, "inFlight");
        this.draining = Objects.requireNonNull(draining, "draining");
        this.connections = Objects.requireNonNull(connections, "connections");
        this.version = Objects.requireNonNull(version, "version");
        this.health = Objects.requireNonNull(health, "health");
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        connections.add(channel);
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast("idle", new IdleStateHandler(true, 0, 0, limits.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
        pipeline.addLast("codec", new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_BYTES, MAX_CHUNK));
        pipeline.addLast("keepAlive", new HttpServerKeepAliveHandler());
        pipeline.addLast("cors", new CorsHandler());
        pipeline.addLast("chunked", new ChunkedWriteHandler());
        XrpcDispatcher xrpc = dispatcher.get();
        pipeline.addLast("spooler", new BodySpooler(xrpc::streamedBodyLimit, xrpc::refusalBeforeBody, uploadDirectory));
        pipeline.addLast("bodyLimit", new BodyLimitAggregator(limits.maxJsonBodyBytes()));
        if (upgrades != null) {
            pipeline.addLast("upgrades", upgrades);
        }
        pipeline.addLast("router", new RequestRouter(xrpc, inFlight, draining, version, health, limits.idleTimeout(),
                routes.get()));
    }
}
