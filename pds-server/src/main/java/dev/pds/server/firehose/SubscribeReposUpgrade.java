package dev.pds.server.firehose;

import dev.pds.core.error.ErrorStatus;
import dev.pds.core.error.XrpcException;
import dev.pds.core.events.ControlFrames;
import dev.pds.server.http.HttpResponses;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.timeout.IdleStateHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Turns a {@code GET /xrpc/com.atproto.sync.subscribeRepos} WebSocket request into a firehose
 * subscription on the same port: handshake, then the connection's HTTP handlers make way for
 * the WebSocket codec and a {@link SubscriberConnection}. Every other request passes on to the
 * router. As in the reference server, a bad parameter is answered after the upgrade, with an
 * error frame and a policy close.
 */
@ChannelHandler.Sharable
public final class SubscribeReposUpgrade extends ChannelInboundHandlerAdapter {
    public static final String PATH = "/xrpc/com.atproto.sync.subscribeRepos";
    /** Clients send only control frames; nothing they may send is larger. */
    private static final int MAX_CLIENT_FRAME = 64 * 1024;
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(256 * 1024, 1024 * 1024);

    private final Firehose firehose;

    public SubscribeReposUpgrade(Firehose firehose) {
        this.firehose = Objects.requireNonNull(firehose, "firehose");
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request) || !isSubscribeRepos(request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            answer(ctx, request);
        } finally {
            request.release();
        }
    }

    private static boolean isSubscribeRepos(FullHttpRequest request) {
        String uri = request.uri();
        int q = uri.indexOf('?');
        return (q < 0 ? uri : uri.substring(0, q)).equals(PATH);
    }

    private void answer(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!HttpMethod.GET.equals(request.method()) || !request.headers().containsValue(HttpHeaderNames.UPGRADE,
                HttpHeaderValues.WEBSOCKET, true)) {
            reply(ctx, request, XrpcException.invalidRequest(
                    "com.atproto.sync.subscribeRepos is a WebSocket subscription: connect with GET and Upgrade: websocket"));
            return;
        }
        if (!firehose.accepting()) {
            reply(ctx, request, new XrpcException(ErrorStatus.NOT_ENOUGH_RESOURCES, "NotEnoughResources",
                    "no more firehose subscriptions can be taken now"));
            return;
        }
        String problem = null;
        Long cursor = null;
        try {
            cursor = cursor(request.uri());
        } catch (XrpcException e) {
            problem = e.getMessage();
        }
        WebSocketServerHandshakerFactory factory = new WebSocketServerHandshakerFactory("ws://" + host(request) + PATH, null,
                WebSocketDecoderConfig.newBuilder().maxFramePayloadLength(MAX_CLIENT_FRAME).allowExtensions(false).build());
        WebSocketServerHandshaker handshaker = factory.newHandshaker(request);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        makeWayForWebSocket(ctx.pipeline());
        String badParams = problem;
        Long start = cursor;
        handshaker.handshake(ctx.channel(), request).addListener(done -> {
            if (!done.isSuccess()) {
                ctx.channel().close();
                return;
            }
            ChannelPipeline p = ctx.channel().pipeline();
            ctx.channel().config().setWriteBufferWaterMark(WATER_MARK);
            if (badParams != null) {
                ctx.channel().write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(
                        ControlFrames.error("InvalidRequest", badParams))));
                ctx.channel().writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.POLICY_VIOLATION.code(),
                        "InvalidRequest")).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            SubscriberConnection subscriber = firehose.subscribe(start);
            if (subscriber == null) {
                ctx.channel().writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.TRY_AGAIN_LATER.code(),
                        "NotEnoughResources")).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            long silence = 3 * firehose.config().pingInterval().toMillis();
            p.addLast("firehoseIdle", new IdleStateHandler(silence, 0, 0, TimeUnit.MILLISECONDS));
            p.addLast("firehose", subscriber);
        });
    }

    /** Everything but the HTTP codec goes: the handshake replaces the codec itself once its answer is out. */
    private static void makeWayForWebSocket(ChannelPipeline pipeline) {
        List<ChannelHandler> drop = new ArrayList<>();
        for (Map.Entry<String, ChannelHandler> e : pipeline) {
            if (!(e.getValue() instanceof HttpServerCodec)) {
                drop.add(e.getValue());
            }
        }
        drop.forEach(pipeline::remove);
    }

    /** The {@code cursor} parameter: absent, or one non-negative integer. */
    static Long cursor(String uri) {
        List<String> values = new QueryStringDecoder(uri, StandardCharsets.UTF_8).parameters().get("cursor");
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw XrpcException.invalidRequest("cursor must be given once");
        }
        try {
            long c = Long.parseLong(values.get(0));
            if (c < 0) {
                throw XrpcException.invalidRequest("cursor must be a non-negative integer");
            }
            return c;
        } catch (NumberFormatException e) {
            throw XrpcException.invalidRequest("cursor must be an integer");
        }
    }

    private static String host(FullHttpRequest request) {
        String host = request.headers().get(HttpHeaderNames.HOST);
        return host == null ? "localhost" : host;
    }

    private static void reply(ChannelHandlerContext ctx, FullHttpRequest request, XrpcException error) {
        var response = HttpResponses.error(error);
        HttpUtil.setKeepAlive(response, false);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
