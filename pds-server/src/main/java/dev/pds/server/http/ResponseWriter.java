package dev.pds.server.http;

import dev.pds.server.xrpc.ResponseBody;
import dev.pds.server.xrpc.XrpcErrors;
import dev.pds.server.xrpc.XrpcResponse;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an answer on the event loop, whatever its body: bytes as one full response, a file
 * slice as a zero-copy region, a stream through a {@link BodyPipe} whose producer runs on a
 * worker. The returned future completes when the last byte is written; if it fails, the body
 * was cut short and the caller must close the connection.
 */
final class ResponseWriter {
    private static final Logger LOG = LoggerFactory.getLogger(ResponseWriter.class);

    private final Executor workers;
    private final long stallTimeoutMillis;

    ResponseWriter(Executor workers, long stallTimeoutMillis) {
        this.workers = workers;
        this.stallTimeoutMillis = stallTimeoutMillis;
    }

    ChannelFuture write(ChannelHandlerContext ctx, XrpcResponse response, boolean keepAlive) {
        ResponseBody body = response.body();
        if (body instanceof ResponseBody.Bytes) {
            return writeFull(ctx, HttpResponses.of(response), keepAlive);
        }
        if (body instanceof ResponseBody.FileSlice slice) {
            HttpResponse head = HttpResponses.head(response);
            HttpUtil.setKeepAlive(head, keepAlive);
            ctx.write(head);
            ctx.write(new DefaultFileRegion(slice.channel(), slice.offset(), slice.length()));
            return ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        }
        ResponseBody.Stream stream = (ResponseBody.Stream) body;
        ChunkedWriteHandler chunked = ctx.pipeline().get(ChunkedWriteHandler.class);
        BodyPipe pipe = new BodyPipe(stream.length(), stallTimeoutMillis, chunked::resumeTransfer);
        try {
            workers.execute(() -> produce(stream, pipe));
        } catch (RejectedExecutionException e) {
            stream.discard();
            return writeFull(ctx, HttpResponses.error(
                    XrpcErrors.notEnoughResources("Server is too busy to take this request; try again shortly")), keepAlive);
        }
        HttpResponse head = HttpResponses.head(response);
        HttpUtil.setKeepAlive(head, keepAlive);
        ctx.write(head);
        return ctx.writeAndFlush(new HttpChunkedInput(pipe));
    }

    private static ChannelFuture writeFull(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
        if (!keepAlive) {
            HttpUtil.setKeepAlive(response, false);
        }
        return ctx.writeAndFlush(response);
    }

    private static void produce(ResponseBody.Stream stream, BodyPipe pipe) {
        try (var out = pipe.output()) {
            stream.writer().writeTo(out);
            out.flush();
            pipe.finish();
        } catch (java.io.IOException e) {
            LOG.debug("A streamed response stopped: {}", e.toString());
            pipe.fail(e);
        } catch (Throwable e) {
            LOG.error("Producing a streamed response failed", e);
            pipe.fail(e);
        } finally {
            stream.discard();
        }
    }
}
