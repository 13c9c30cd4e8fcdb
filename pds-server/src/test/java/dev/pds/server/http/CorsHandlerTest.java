package dev.pds.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

class CorsHandlerTest {
    @Test
    void preflightIsAnsweredAndNotPassedOn() {
        EmbeddedChannel channel = new EmbeddedChannel(new CorsHandler());
        FullHttpRequest preflight = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.OPTIONS, "/xrpc/a.b.c");
        preflight.headers().set("Origin", "https://bsky.app");
        preflight.headers().set("Access-Control-Request-Method", "POST");
        preflight.headers().set("Access-Control-Request-Headers", "DPoP, bad header!, x-ok");

        channel.writeInbound(preflight);

        assertNull(channel.readInbound(), "a preflight never reaches the router");
        FullHttpResponse response = channel.readOutbound();
        assertEquals(HttpResponseStatus.NO_CONTENT, response.status());
        assertEquals("*", response.headers().get("Access-Control-Allow-Origin"));
        assertEquals("authorization, content-type, dpop, atproto-proxy, atproto-accept-labelers, accept-language, x-ok",
                response.headers().get("Access-Control-Allow-Headers"));
        assertEquals(0, preflight.refCnt(), "the request was released");
        response.release();
    }

    @Test
    void optionsWithoutOriginIsAnOrdinaryRequest() {
        EmbeddedChannel channel = new EmbeddedChannel(new CorsHandler());
        FullHttpRequest options = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.OPTIONS, "/");

        channel.writeInbound(options);

        assertSame(options, channel.readInbound());
        assertNull(channel.readOutbound());
        options.release();
    }

    @Test
    void responsesGetOriginAndExposedHeaders() {
        EmbeddedChannel channel = new EmbeddedChannel(new CorsHandler());
        channel.writeOutbound(HttpResponses.text(HttpResponseStatus.OK, "hi"));
        FullHttpResponse response = channel.readOutbound();
        assertEquals("*", response.headers().get("Access-Control-Allow-Origin"));
        assertEquals(CorsHandler.EXPOSED_HEADERS, response.headers().get("Access-Control-Expose-Headers"));
        response.release();
    }
}
