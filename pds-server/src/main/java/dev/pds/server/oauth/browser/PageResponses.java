package dev.pds.server.oauth.browser;

import dev.pds.server.http.HttpResponses;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * HTTP answers of the pages, with their protective headers: no framing (clickjacking), a
 * content security policy with no script at all and forms posting only to us (and, on the
 * consent page, to the app's redirect origin, which the post's redirect goes to), no referrer to other sites
 * (the request_uri must not leak), no caching.
 */
public final class PageResponses {
    private PageResponses() {
    }

    static FullHttpResponse html(HttpResponseStatus status, String html, Optional<String> redirectUri) {
        FullHttpResponse r = HttpResponses.of(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
        protect(r, redirectUri);
        return r;
    }

    static FullHttpResponse redirect(String location, Optional<String> redirectUri) {
        FullHttpResponse r = HttpResponses.of(HttpResponseStatus.SEE_OTHER, null, new byte[0]);
        r.headers().set(HttpHeaderNames.LOCATION, location);
        protect(r, redirectUri);
        return r;
    }

    public static FullHttpResponse css() {
        FullHttpResponse r = HttpResponses.of(HttpResponseStatus.OK, "text/css; charset=utf-8", Html.STYLE);
        r.headers().set(HttpHeaderNames.CACHE_CONTROL, "public, max-age=3600");
        r.headers().set("X-Content-Type-Options", "nosniff");
        return r;
    }

    public static FullHttpResponse serverError() {
        return html(HttpResponseStatus.INTERNAL_SERVER_ERROR, Html.page("PDS", "Something went wrong",
                "<h1>Something went wrong</h1><p>The server could not finish this step. Try again from the app.</p>"),
                Optional.empty());
    }

    private static void protect(FullHttpResponse r, Optional<String> redirectUri) {
        String formAction = "'self'" + redirectUri.map(PageResponses::source).map(s -> " " + s).orElse("");
        r.headers().set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self' data:; "
                + "form-action " + formAction + "; frame-ancestors 'none'; base-uri 'none'");
        r.headers().set("X-Frame-Options", "DENY");
        r.headers().set("X-Content-Type-Options", "nosniff");
        r.headers().set("Referrer-Policy", "same-origin");
        r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        r.headers().set("Cross-Origin-Opener-Policy", "same-origin");
    }

    /** The CSP source of a redirect URI: its origin, or its scheme for private-use schemes. */
    static String source(String redirectUri) {
        URI u = URI.create(redirectUri);
        if (u.getHost() == null) {
            return u.getScheme() + ":";
        }
        String host = u.getHost();
        return u.getScheme() + "://" + host + (u.getPort() == -1 ? "" : ":" + u.getPort());
    }
}
