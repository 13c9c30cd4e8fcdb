package dev.pds.server.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * CORS for browser apps, which call a PDS from another origin. Preflight requests are answered
 * here (any origin; the headers atproto clients send, plus any other well-formed header the
 * browser asks for, as the reference PDS does); every other response gets
 * {@code Access-Control-Allow-Origin: *} and the list of headers clients may read.
 */
public final class CorsHandler extends ChannelDuplexHandler {
    static final String ALLOWED_HEADERS =
            "authorization, content-type, dpop, atproto-proxy, atproto-accept-labelers, accept-language";
    static final String ALLOWED_METHODS = "GET, HEAD, PUT, PATCH, POST, DELETE";
    static final String EXPOSED_HEADERS = "dpop-nonce, www-authenticate, ratelimit-limit, ratelimit-remaining, "
            + "ratelimit-reset, ratelimit-policy, atproto-repo-rev, atproto-content-labelers";
    private static final String MAX_AGE_SECONDS = "86400";
    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}");

    private boolean discardingPreflightBody;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (discardingPreflightBody && msg instanceof HttpContent) {
            discardingPreflightBody = !(msg instanceof LastHttpContent);
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest && isPreflight((HttpRequest) msg)) {
            FullHttpResponse response = preflightResponse((HttpRequest) msg);
            discardingPreflightBody = !(msg instanceof LastHttpContent);
            ReferenceCountUtil.release(msg);
            ctx.writeAndFlush(response);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse) {
            HttpHeaders headers = ((HttpResponse) msg).headers();
            headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
            headers.set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED_HEADERS);
        }
        ctx.write(msg, promise);
    }

    private static boolean isPreflight(HttpRequest request) {
        return HttpMethod.OPTIONS.equals(request.method())
                && request.headers().contains(HttpHeaderNames.ORIGIN)
                && request.headers().contains(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
    }

    private static FullHttpResponse preflightResponse(HttpRequest request) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
        HttpHeaders headers = response.headers();
        headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, ALLOWED_METHODS);
        headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS,
                allowedHeaders(request.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS)));
        headers.set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, MAX_AGE_SECONDS);
        headers.set(HttpHeaderNames.VARY, "Access-Control-Request-Headers");
        if (!io.netty.handler.codec.http.HttpUtil.isKeepAlive(request)) {
            io.netty.handler.codec.http.HttpUtil.setKeepAlive(response, false);
        }
        return response;
    }

    /** Our list plus whatever well-formed header names the browser asked for. */
    static String allowedHeaders(String requested) {
        Set<String> names = new LinkedHashSet<>();
        for (String name : ALLOWED_HEADERS.split(",\\s*")) {
            names.add(name);
        }
        if (requested != null) {
            for (String name : requested.split(",")) {
                String trimmed = name.trim().toLowerCase(Locale.ROOT);
                if (HEADER_NAME.matcher(trimmed).matches()) {
                    names.add(trimmed);
                }
            }
        }
        return String.join(", ", names);
    }
}
