package dev.pds.server.http;

import dev.pds.server.xrpc.XrpcErrors;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;

/**
 * Collects a request body up to the limit and answers 413 PayloadTooLarge as an XRPC error
 * beyond it. When the client announced the size and keeps the connection alive, the rest of
 * the body is read and dropped so the connection stays usable; otherwise it is closed.
 * (Streaming uploads such as uploadBlob will be claimed by a handler placed before this one.)
 */
final class BodyLimitAggregator extends HttpObjectAggregator {

    BodyLimitAggregator(int maxBodyBytes) {
        super(maxBodyBytes, true);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
        if (!(oversized instanceof HttpRequest)) {
            super.handleOversizedMessage(ctx, oversized);
            return;
        }
        FullHttpResponse tooLarge = HttpResponses.error(XrpcErrors.payloadTooLarge(maxContentLength()));
        boolean bodyAlreadyStarted = oversized instanceof FullHttpMessage;
        if (bodyAlreadyStarted || (!HttpUtil.is100ContinueExpected(oversized) && !HttpUtil.isKeepAlive(oversized))) {
            HttpUtil.setKeepAlive(tooLarge, false);
            ctx.writeAndFlush(tooLarge).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.writeAndFlush(tooLarge).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        }
    }

    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        Object response = super.newContinueResponse(start, maxContentLength, pipeline);
        if (response instanceof HttpResponse
                && ((HttpResponse) response).status().code() == HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE.code()) {
            ReferenceCountUtil.release(response);
            return HttpResponses.error(XrpcErrors.payloadTooLarge(maxContentLength));
        }
        return response;
    }
}
