package dev.pds.crypto;

import java.util.Objects;

/**
 * {@code did:key} for K-256 and P-256 keys: {@code did:key:} + a multikey. This is how
 * repositories and PLC operations name the key that must have signed them.
 */
public final class DidKey {
    public static final String PREFIX = "did:key:";

    private DidKey() {
    }

    public static String format(PublicKey key) {
        return key.didKey();
    }

    /**
     * @throws CryptoException if the text is not a did:key of a K-256 or P-256 compressed point
     */
    public static PublicKey parse(String didKey) {
        Objects.requireNonNull(didKey, "didKey");
        if (!didKey.startsWith(PREFIX)) {
            throw new CryptoException("not a did:key (must start with \"did:key:\")");
        }
        return Multikey.parse(didKey.substring(PREFIX.length()));
    }

    /**
     * Whether the key named by {@code didKey} signed {@code message} (low-S {@code r||s}).
     *
     * @throws CryptoException if {@code didKey} itself is malformed; a bad signature gives false
     */
    public static boolean verifySignature(String didKey, byte[] message, byte[] signature) {
        return parse(didKey).verify(message, signature);
    }
}
