package dev.pds.crypto.jwt;

/**
 * A token that is malformed, signed with another key or algorithm, not yet valid, issued in
 * the future, or for another audience, issuer or type.
 */
public final class InvalidJwtException extends JwtException {
    private static final long serialVersionUID = 1L;

    public InvalidJwtException(String message) {
        super(message, null);
    }

    public InvalidJwtException(String message, Throwable cause) {
        super(message, cause);
    }
}
