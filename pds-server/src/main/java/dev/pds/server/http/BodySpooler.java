package dev.pds.server.http;

import dev.pds.core.error.XrpcException;
import dev.pds.server.xrpc.XrpcErrors;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpExpectationFailedEvent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.ToLongBiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams the bodies of methods that take large uploads (uploadBlob) to temporary files instead
 * of collecting them in memory, and passes every other request on untouched. A request whose
 * credentials are missing or not genuine is refused before a byte is stored. A body larger than
 * the method's limit is refused with 413 PayloadTooLarge: from Content-Length before anything
 * is read (no 100 Continue is sent then), or as soon as a chunked body passes it. After a
 * refusal the rest of the body is read and dropped, so the client can read the answer and keep
 * the connection; past {@link #MAX_DISCARD_BYTES} of dropping the connection is closed instead.
 *
 * <p>Writes go to the page cache from the event loop, 8 KiB at a time; they do not wait for the
 * disk, which is why they are allowed here.
 */
final class BodySpooler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(BodySpooler.class);
    static final long MAX_DISCARD_BYTES = 16L * 1024 * 1024;
    private static final String XRPC_PREFIX = "/xrpc/";

    private enum State { PASS, SPOOL, DISCARD }

    /** (HTTP method, NSID) -> the largest body that method streams, 0 for methods that do not. */
    private final ToLongBiFunction<String, String> limits;
    /** (NSID, headers by lower-case name) -> why this caller may not upload, or null. */
    private final BiFunction<String, Map<String, List<String>>, XrpcException> gate;
    private final Path directory;

    private State state = State.PASS;
    private HttpRequest head;
    private Path file;
    private FileChannel out;
    private long size;
    private long limit;
    private long discarded;

    BodySpooler(ToLongBiFunction<String, String> limits, BiFunction<String, Map<String, List<String>>, XrpcException> gate,
            Path directory) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.gate = Objects.requireNonNull(gate, "gate");
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            state = State.PASS;
            long max = streamedLimit(request);
            if (max <= 0) {
                ctx.fireChannelRead(msg);
                return;
            }
            start(ctx, request, max);
        }
        if (msg instanceof HttpContent content) {
            switch (state) {
                case PASS -> ctx.fireChannelRead(msg);
                case SPOOL -> spool(ctx, content);
                case DISCARD -> discard(ctx, content);
                default -> throw new IllegalStateException();
            }
            return;
        }
        if (!(msg instanceof HttpRequest)) {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        abandon();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        abandon();
    }

    private long streamedLimit(HttpRequest request) {
        String nsid = nsid(request);
        return nsid == null ? 0 : limits.applyAsLong(request.method().name(), nsid);
    }

    private static String nsid(HttpRequest request) {
        if (!HttpMethod.POST.equals(request.method()) || request.decoderResult().isFailure()) {
            return null;
        }
        String path;
        try {
            path = new QueryStringDecoder(request.uri()).path();
        } catch (IllegalArgumentException e) {
            return null; // the router answers malformed URLs
        }
        return path.startsWith(XRPC_PREFIX) ? path.substring(XRPC_PREFIX.length()) : null;
    }

    private void start(ChannelHandlerContext ctx, HttpRequest request, long max) {
        head = request;
        limit = max;
        size = 0;
        discarded = 0;
        XrpcException refusal = gate.apply(nsid(request), RequestRouter.headers(request));
        long declared = HttpUtil.getContentLength(request, -1L);
        if (refusal == null && declared > max) {
            refusal = XrpcErrors.payloadTooLarge(max);
        }
        if (refusal != null) {
            if (HttpUtil.is100ContinueExpected(request)) {
                // the client waits for our go-ahead: it will not send the body, so the decoder must not expect it
                ctx.pipeline().fireUserEventTriggered(HttpExpectationFailedEvent.INSTANCE);
            }
            refuse(ctx, refusal);
            return;
        }
        try {
            file = Files.createTempFile(directory, "upload-", ".part");
            out = FileChannel.open(file, StandardOpenOption.WRITE);
        } catch (IOException e) {
            LOG.error("Cannot create a temporary upload file in {}", directory, e);
            abandon();
            refuse(ctx, XrpcErrors.notEnoughResources("The server cannot take uploads right now"));
            return;
        }
        state = State.SPOOL;
        if (HttpUtil.is100ContinueExpected(request)) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE,
                    Unpooled.EMPTY_BUFFER));
        }
    }

    private void spool(ChannelHandlerContext ctx, HttpContent content) {
        try {
            ByteBuf bytes = content.content();
            int n = bytes.readableBytes();
            if (size + n > limit) {
                abandon();
                refuse(ctx, XrpcErrors.payloadTooLarge(limit));
                discarded = n;
                finishDiscardIfLast(content);
                return;
            }
            while (bytes.isReadable()) {
                bytes.readBytes(out, bytes.readableBytes());
            }
            size += n;
            if (content instanceof LastHttpContent) {
                out.close();
                out = null;
                Path done = file;
                file = null;
                state = State.PASS;
                ctx.fireChannelRead(SpooledRequest.complete(head, done, size));
            }
        } catch (IOException e) {
            LOG.error("Writing a temporary upload file failed", e);
            abandon();
            refuse(ctx, XrpcErrors.notEnoughResources("The server cannot take uploads right now"));
            finishDiscardIfLast(content);
        } finally {
            ReferenceCountUtil.release(content);
        }
    }

    private void discard(ChannelHandlerContext ctx, HttpContent content) {
        discarded += content.content().readableBytes();
        boolean last = content instanceof LastHttpContent;
        ReferenceCountUtil.release(content);
        if (last) {
            state = State.PASS;
        } else if (discarded > MAX_DISCARD_BYTES) {
            ctx.close();
        }
    }

    private void finishDiscardIfLast(HttpContent content) {
        if (content instanceof LastHttpContent) {
            state = State.PASS;
        }
    }

    /** Hands the router the refusal to answer in order, and drops the rest of this body. */
    private void refuse(ChannelHandlerContext ctx, XrpcException refusal) {
        state = State.DISCARD;
        ctx.fireChannelRead(SpooledRequest.refused(head, refusal));
    }

    private void abandon() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                LOG.debug("Closing an abandoned upload failed: {}", e.toString());
            }
            out = null;
        }
        if (file != null) {
            SpooledRequest.deleteQuietly(file);
            file = null;
        }
    }
}
