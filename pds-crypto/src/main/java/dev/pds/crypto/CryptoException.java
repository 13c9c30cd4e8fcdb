package dev.pds.crypto;

/**
 * A key, signature encoding or token that cannot be used: malformed bytes, a point off the
 * curve, an unknown did:key codec, a secret that is too short. Unchecked because callers
 * mostly translate it once at the edge (the server maps it to an XRPC error).
 */
public class CryptoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CryptoException(String message) {
        super(message);
    }

    public CryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
