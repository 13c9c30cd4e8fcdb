package dev.pds.server.oauth.client;

import dev.pds.server.oauth.OAuthException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Which redirect URIs a client may register, and whether a requested one matches a registered
 * one. Web clients use https; native clients may also use loopback IPs over http (RFC 8252,
 * any port at request time) and a private-use scheme that is their client_id's host reversed
 * (e.g. {@code com.example.app:/callback}); {@code localhost} as a host is never allowed.
 */
public final class RedirectUris {
    private RedirectUris() {
    }

    static void checkRegistered(String value, boolean nativeApp, ClientId id) {
        URI uri = parse(value);
        if (uri.getRawUserInfo() != null) {
            throw OAuthException.invalidRedirectUri("redirect URI must not contain credentials: " + value);
        }
        if (uri.getRawFragment() != null) {
            throw OAuthException.invalidRedirectUri("redirect URI must not contain a fragment: " + value);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (host.equals("localhost")) {
            throw OAuthException.invalidRedirectUri("use a loopback IP such as 127.0.0.1 instead of localhost (RFC 8252): "
                    + value);
        }
        if (isLoopbackIp(host)) {
            if (!nativeApp) {
                throw OAuthException.invalidRedirectUri("loopback redirect URIs are only for native clients: " + value);
            }
            if (!scheme.equals("http")) {
                throw OAuthException.invalidRedirectUri("loopback redirect URIs use http: " + value);
            }
            return;
        }
        if (scheme.equals("http")) {
            throw OAuthException.invalidRedirectUri("only loopback redirect URIs may use http: " + value);
        }
        if (scheme.equals("https")) {
            if (host.isEmpty() || host.endsWith(".local") || host.endsWith(".localhost") || !host.contains(".")) {
                throw OAuthException.invalidRedirectUri("redirect URI host must be a public domain name: " + value);
            }
            return;
        }
        if (scheme.contains(".")) {
            if (!nativeApp) {
                throw OAuthException.invalidRedirectUri("private-use URI schemes are only for native clients: " + value);
            }
            if (!id.isLoopback() && !scheme.equals(reverse(id.host()))) {
                throw OAuthException.invalidRedirectUri("a private-use scheme must be the client_id host reversed ("
                        + reverse(id.host()) + "): " + value);
            }
            String rest = value.substring(value.indexOf(':') + 1);
            if (!rest.startsWith("/") || rest.startsWith("//")) {
                throw OAuthException.invalidRedirectUri("a private-use scheme is followed by a single slash, as in "
                        + reverse(id.isLoopback() ? "app.example.com" : id.host()) + ":/callback");
            }
            return;
        }
        throw OAuthException.invalidRedirectUri("redirect URI scheme must be https, http (loopback) or a private-use scheme: "
                + value);
    }

    /**
     * The registered URI a requested redirect_uri stands for: equal strings, or for loopback IPs
     * equal but for the port. Null when none matches.
     */
    public static String match(List<String> registered, String requested) {
        Objects.requireNonNull(requested, "requested");
        for (String r : registered) {
            if (r.equals(requested)) {
                return requested;
            }
        }
        URI req;
        try {
            req = new URI(requested);
        } catch (URISyntaxException e) {
            return null;
        }
        if (!"http".equals(req.getScheme()) || req.getHost() == null || !isLoopbackIp(req.getHost())) {
            return null;
        }
        for (String r : registered) {
            URI reg = parse(r);
            if ("http".equals(reg.getScheme()) && req.getHost().equals(reg.getHost())
                    && Objects.equals(path(reg), path(req)) && Objects.equals(reg.getRawQuery(), req.getRawQuery())
                    && req.getRawFragment() == null && req.getRawUserInfo() == null) {
                return requested;
            }
        }
        return null;
    }

    private static String path(URI u) {
        return u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
    }

    static boolean isLoopbackIp(String host) {
        return host.equals("127.0.0.1") || host.equals("[::1]");
    }

    static String reverse(String host) {
        List<String> parts = new ArrayList<>(List.of(host.split("\\.")));
        Collections.reverse(parts);
        return String.join(".", parts);
    }

    private static URI parse(String value) {
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            throw OAuthException.invalidRedirectUri("not a valid URI: " + value);
        }
    }
}
