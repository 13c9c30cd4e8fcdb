package dev.pds.server.oauth;

import java.net.URI;
import java.util.Objects;

/**
 * Where this server's OAuth endpoints are. The issuer is the server's public origin (the
 * atproto profile wants an origin with no path); every endpoint hangs off it.
 *
 * @param issuer the authorization server's identifier, e.g. {@code https://pds.example.com}
 */
public record OAuthEndpoints(String issuer) {
    public static final String PROTECTED_RESOURCE_PATH = "/.well-known/oauth-protected-resource";
    public static final String AUTHORIZATION_SERVER_PATH = "/.well-known/oauth-authorization-server";
    public static final String AUTHORIZE_PATH = "/oauth/authorize";
    public static final String PAR_PATH = "/oauth/par";
    public static final String TOKEN_PATH = "/oauth/token";
    public static final String REVOKE_PATH = "/oauth/revoke";
    public static final String JWKS_PATH = "/oauth/jwks";

    public OAuthEndpoints {
        Objects.requireNonNull(issuer, "issuer");
        URI uri = URI.create(issuer);
        if (uri.getScheme() == null || uri.getHost() == null || !(uri.getPath() == null || uri.getPath().isEmpty())
                || uri.getQuery() != null || uri.getFragment() != null || uri.getUserInfo() != null) {
            throw new IllegalArgumentException("an issuer is a bare origin such as https://pds.example.com, got " + issuer);
        }
    }

    /** The endpoint URL for a path of this server. */
    public String url(String path) {
        return issuer + path;
    }

    public String authorize() {
        return url(AUTHORIZE_PATH);
    }

    public String par() {
        return url(PAR_PATH);
    }

    public String token() {
        return url(TOKEN_PATH);
    }

    public String revoke() {
        return url(REVOKE_PATH);
    }

    public String jwks() {
        return url(JWKS_PATH);
    }
}
