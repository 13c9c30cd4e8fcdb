package dev.pds.crypto.jwt;

import dev.pds.crypto.CryptoException;

/**
 * A token that must not be accepted. The two subclasses say why in the way the XRPC layer
 * needs: {@link ExpiredJwtException} (ExpiredToken) and {@link InvalidJwtException} (InvalidToken).
 */
public abstract class JwtException extends CryptoException {
    private static final long serialVersionUID = 1L;

    protected JwtException(String message, Throwable cause) {
        super(message, cause);
    }
}
