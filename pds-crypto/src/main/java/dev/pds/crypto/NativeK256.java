package dev.pds.crypto;

import fr.acinq.secp256k1.Secp256k1;

/**
 * K-256 ECDSA through bitcoin-core's libsecp256k1 (JNI, via ACINQ's secp256k1-kmp), several
 * times faster than Bouncy Castle for the one signature every commit needs. Its signatures are
 * the same bytes as ours (RFC 6979 nonces, low-S). Used when its native library loads on this
 * platform and the system property {@value #DISABLE_PROPERTY} is not {@code false}; Bouncy
 * Castle otherwise. Callers keep their own input checks in front (the library also takes DER
 * and would normalize nothing for us).
 */
final class NativeK256 {
    /** Set to {@code false} to use Bouncy Castle for K-256 even where the native library loads. */
    static final String DISABLE_PROPERTY = "pds.crypto.native";

    private static final Secp256k1 LIBRARY = load();

    private NativeK256() {
    }

    private static Secp256k1 load() {
        if ("false".equalsIgnoreCase(System.getProperty(DISABLE_PROPERTY))) {
            return null;
        }
        try {
            Secp256k1 lib = Secp256k1.get();
            // one round trip proves the library works here, not only that it linked
            byte[] key = new byte[32];
            key[31] = 1;
            byte[] hash = new byte[32];
            return lib.verify(lib.sign(hash, key), hash, lib.pubkeyCreate(key)) ? lib : null;
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** Whether K-256 goes through libsecp256k1 in this process. */
    static boolean available() {
        return LIBRARY != null;
    }

    /**
     * @param hash       the 32-byte SHA-256 of the message
     * @param privateKey the 32-byte private scalar, already checked to be in range
     * @return the 64-byte low-S {@code r||s} signature
     */
    static byte[] sign(byte[] hash, byte[] privateKey) {
        return LIBRARY.sign(hash, privateKey);
    }

    /**
     * @param signature a 64-byte low-S {@code r||s} signature with r and s in range
     * @param publicKey the 33-byte compressed point
     */
    static boolean verify(byte[] signature, byte[] hash, byte[] publicKey) {
        try {
            return LIBRARY.verify(signature, hash, publicKey);
        } catch (RuntimeException e) {
            return false; // the library throws for inputs it cannot parse; to us that is a bad signature
        }
    }
}
