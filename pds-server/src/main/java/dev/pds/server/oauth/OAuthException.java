package dev.pds.server.oauth;

import java.util.Map;
import java.util.Objects;

/**
 * A refusal in OAuth's terms: the {@code error} code and {@code error_description} of RFC 6749,
 * the HTTP status, and for the resource server the {@code WWW-Authenticate} challenge
 * (RFC 6750, RFC 9449). Endpoints turn it into {@code {"error", "error_description"}}; the
 * XRPC side turns it into an XRPC error with the same name and status.
 */
public class OAuthException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String error;
    private final int status;
    private final String challengeScheme;

    /** @param challengeScheme {@code DPoP} or {@code Bearer} for a WWW-Authenticate challenge, or null */
    public OAuthException(String error, String description, int status, String challengeScheme) {
        super(Objects.requireNonNull(description, "description"));
        this.error = Objects.requireNonNull(error, "error");
        this.status = status;
        this.challengeScheme = challengeScheme;
    }

    public static OAuthException invalidRequest(String description) {
        return new OAuthException("invalid_request", description, 400, null);
    }

    public static OAuthException invalidClient(String description) {
        return new OAuthException("invalid_client", description, 400, null);
    }

    public static OAuthException invalidClientMetadata(String description) {
        return new OAuthException("invalid_client_metadata", description, 400, null);
    }

    public static OAuthException invalidRedirectUri(String description) {
        return new OAuthException("invalid_redirect_uri", description, 400, null);
    }

    public static OAuthException invalidGrant(String description) {
        return new OAuthException("invalid_grant", description, 400, null);
    }

    public static OAuthException invalidScope(String description) {
        return new OAuthException("invalid_scope", description, 400, null);
    }

    public static OAuthException unauthorizedClient(String description) {
        return new OAuthException("unauthorized_client", description, 400, null);
    }

    /** A DPoP proof that is malformed, misbound or replayed: 401 with a DPoP challenge (RFC 9449 section 7.1). */
    public static OAuthException invalidDpopProof(String description) {
        return new OAuthException("invalid_dpop_proof", description, 401, "DPoP");
    }

    /**
     * The proof lacks the current server nonce. The authorization server answers 400 with this
     * error (RFC 9449 section 8), the resource server 401 with a challenge (section 9); the
     * caller picks with {@link #forResourceServer()}.
     */
    public static OAuthException useDpopNonce(String description) {
        return new OAuthException("use_dpop_nonce", description, 400, null);
    }

    /** An access token the resource server refuses: 401 with a challenge of the token's scheme. */
    public static OAuthException invalidToken(String scheme, String description) {
        return new OAuthException("invalid_token", description, 401, scheme);
    }

    public String error() {
        return error;
    }

    public String description() {
        return getMessage();
    }

    public int status() {
        return status;
    }

    /** This error as the resource server reports it: 401 with a DPoP challenge for nonce errors. */
    public OAuthException forResourceServer() {
        if (error.equals("use_dpop_nonce") || error.equals("invalid_dpop_proof")) {
            return new OAuthException(error, getMessage(), 401, "DPoP");
        }
        return this;
    }

    /** The WWW-Authenticate header value, when this error is a challenge. */
    public Map<String, String> challengeHeaders() {
        if (challengeScheme == null) {
            return Map.of();
        }
        StringBuilder value = new StringBuilder(challengeScheme);
        value.append(" error=\"").append(error).append('"');
        String description = getMessage().replace("\"", "'").replace("\\", "");
        value.append(", error_description=\"").append(description).append('"');
        if (challengeScheme.equals("DPoP")) {
            value.append(", algs=\"ES256 ES256K\"");
        }
        return Map.of("WWW-Authenticate", value.toString());
    }
}
