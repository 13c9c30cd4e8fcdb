package dev.pds.crypto.jwt;

/** A correctly signed token whose {@code exp} has passed. */
public final class ExpiredJwtException extends JwtException {
    private static final long serialVersionUID = 1L;

    public ExpiredJwtException(String message) {
        super(message, null);
    }
}
