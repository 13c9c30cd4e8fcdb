package dev.pds.server.oauth.client;

import dev.pds.server.oauth.OAuthException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@code client_id}, which in atproto is a URL. Either a discoverable client (an
 * {@code https://} URL of the client's metadata document: no port, no IP address, a path,
 * no fragment or credentials) or a loopback development client ({@code http://localhost} with
 * no port and no path, whose optional {@code redirect_uri} and {@code scope} query
 * parameters make up its virtual metadata). In dev mode a discoverable client may also be
 * served over plain HTTP, from any host and port, so that a developer (or a test) can publish
 * metadata without TLS.
 */
public final class ClientId {
    public static final int MAX_LENGTH = 2048;
    public static final String LOOPBACK_ORIGIN = "http://localhost";
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final String value;
    private final URI uri;
    private final boolean loopback;
    private final List<String> loopbackRedirectUris;
    private final Optional<String> loopbackScope;

    private ClientId(String value, URI uri, boolean loopback, List<String> redirectUris, Optional<String> scope) {
        this.value = value;
        this.uri = uri;
        this.loopback = loopback;
        this.loopbackRedirectUris = List.copyOf(redirectUris);
        this.loopbackScope = scope;
    }

    /** @throws OAuthException invalid_client for anything that is not an acceptable client id */
    public static ClientId parse(String value, boolean devMode) {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty() || value.length() > MAX_LENGTH) {
            throw OAuthException.invalidClient("client_id must be a URL of at most " + MAX_LENGTH + " characters");
        }
        if (value.startsWith(LOOPBACK_ORIGIN) && !value.startsWith(LOOPBACK_ORIGIN + ":")) {
            return loopback(value);
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw OAuthException.invalidClient("client_id is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        boolean https = scheme.equals("https");
        if (!https && !(devMode && scheme.equals("http"))) {
            throw OAuthException.invalidClient("client_id must be an https URL (or http://localhost for development)");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw OAuthException.invalidClient("client_id must have a host and no credentials or fragment");
        }
        String path = uri.getRawPath();
        if (path == null || path.isEmpty() || path.equals("/")) {
            throw OAuthException.invalidClient("client_id must have a path, such as /oauth-client-metadata.json");
        }
        if (path.endsWith("/") || !uri.normalize().getRawPath().equals(path)) {
            throw OAuthException.invalidClient("client_id path must be in canonical form without a trailing slash");
        }
        if (!devMode) {
            if (uri.getPort() != -1) {
                throw OAuthException.invalidClient("client_id must not include a port number");
            }
            String host = uri.getHost();
            if (IPV4.matcher(host).matches() || host.startsWith("[")) {
                throw OAuthException.invalidClient("client_id host must be a domain name, not an IP address");
            }
        }
        return new ClientId(value, uri, false, List.of(), Optional.empty());
    }

    private static ClientId loopback(String value) {
        int queryStart = LOOPBACK_ORIGIN.length();
        if (value.length() > queryStart && value.charAt(queryStart) == '/') {
            queryStart++;
        }
        if (value.length() > queryStart && value.charAt(queryStart) != '?') {
            throw OAuthException.invalidClient("A loopback client_id has no path or port: http://localhost[/][?...]");
        }
        if (value.indexOf('#') >= 0) {
            throw OAuthException.invalidClient("A loopback client_id has no fragment");
        }
        List<String> redirects = new ArrayList<>();
        String scope = null;
        String query = value.length() > queryStart ? value.substring(queryStart + 1) : "";
        for (String pair : query.isEmpty() ? new String[0] : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            switch (name) {
                case "redirect_uri":
                    redirects.add(checkLoopbackRedirect(v));
                    break;
                case "scope":
                    if (scope != null) {
                        throw OAuthException.invalidClient("A loopback client_id has at most one scope parameter");
                    }
                    scope = v;
                    break;
                default:
                    throw OAuthException.invalidClient("Unexpected query parameter in a loopback client_id: " + name);
            }
        }
        if (redirects.isEmpty()) {
            redirects = List.of("http://127.0.0.1/", "http://[::1]/");
        }
        return new ClientId(value, URI.create(LOOPBACK_ORIGIN), true, redirects, Optional.ofNullable(scope));
    }

    private static String checkLoopbackRedirect(String v) {
        URI r;
        try {
            r = new URI(v);
        } catch (URISyntaxException e) {
            throw OAuthException.invalidClient("Invalid redirect_uri in loopback client_id: " + v);
        }
        String host = r.getHost() == null ? "" : r.getHost();
        if (!"http".equals(r.getScheme()) || !(host.equals("127.0.0.1") || host.equals("[::1]"))
                || r.getRawUserInfo() != null || r.getRawFragment() != null) {
            throw OAuthException.invalidClient(
                    "A loopback client's redirect_uri must be http://127.0.0.1 or http://[::1] (RFC 8252), got " + v);
        }
        return v;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw OAuthException.invalidClient("Malformed percent-encoding in client_id");
        }
    }

    public String value() {
        return value;
    }

    public URI uri() {
        return uri;
    }

    public boolean isLoopback() {
        return loopback;
    }

    /** The host of a discoverable client id, lower case. */
    public String host() {
        return uri.getHost().toLowerCase(Locale.ROOT);
    }

    /** A loopback client's redirect URIs, from its query or the defaults. */
    public List<String> loopbackRedirectUris() {
        return loopbackRedirectUris;
    }

    /** A loopback client's scope, when its query declares one (else {@code atproto}). */
    public Optional<String> loopbackScope() {
        return loopbackScope;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientId && ((ClientId) o).value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
