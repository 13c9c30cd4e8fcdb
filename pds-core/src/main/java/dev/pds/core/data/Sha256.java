package dev.pds.core.data;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256, the one hash of CIDs, MST key heights and did:plc. One digest per thread: looking
 * up the JCA provider costs more than hashing a small block, and every write hashes many.
 */
public final class Sha256 {
    public static final int LENGTH = 32;

    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Sha256::newDigest);

    private Sha256() {
    }

    public static byte[] digest(byte[] data) {
        return DIGEST.get().digest(data);
    }

    /** Hashes {@code data} into {@code out[outOffset, outOffset + 32)}. */
    public static void digestInto(byte[] data, byte[] out, int outOffset) {
        MessageDigest sha = DIGEST.get();
        sha.update(data);
        try {
            sha.digest(out, outOffset, LENGTH);
        } catch (DigestException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A digest of its own, for a caller that hashes many pieces in a loop (a CAR reader). */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
