package dev.pds.crypto;

import java.math.BigInteger;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.util.BigIntegers;

/**
 * ECDSA over SHA-256 the way atproto wants it: RFC 6979 nonces, low-S, and the 64-byte
 * {@code r||s} form only. K-256 goes through libsecp256k1 where it loads ({@link NativeK256}),
 * everything else through Bouncy Castle, whose signers keep state, so each call makes its own.
 */
final class Ecdsa {
    /** Length of an atproto signature: r and s, 32 bytes each, big-endian. */
    static final int SIGNATURE_LENGTH = 64;
    private static final int SCALAR_LENGTH = 32;

    private Ecdsa() {
    }

    /**
     * @param scalar the private scalar as 32 bytes, the same key as {@code key}
     */
    static byte[] sign(Curve curve, ECPrivateKeyParameters key, byte[] scalar, byte[] message) {
        if (curve == Curve.K256 && NativeK256.available()) {
            return NativeK256.sign(sha256(message), scalar);
        }
        return signWithBouncyCastle(curve, key, message);
    }

    static byte[] signWithBouncyCastle(Curve curve, ECPrivateKeyParameters key, byte[] message) {
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, key);
        BigInteger[] rs = signer.generateSignature(sha256(message));
        BigInteger s = rs[1];
        // s and n - s both verify; atproto accepts only the lower one, so there is one signature
        if (s.compareTo(curve.halfOrder()) > 0) {
            s = curve.order().subtract(s);
        }
        byte[] out = new byte[SIGNATURE_LENGTH];
        BigIntegers.asUnsignedByteArray(rs[0], out, 0, SCALAR_LENGTH);
        BigIntegers.asUnsignedByteArray(s, out, SCALAR_LENGTH, SCALAR_LENGTH);
        return out;
    }

    /**
     * False for anything but a valid {@code r||s} signature of the message; a high-S one is
     * accepted only when {@code allowHighS} (JWTs from other software, never repo data).
     */
    static boolean verify(Curve curve, ECPublicKeyParameters key, byte[] compressed, byte[] message, byte[] signature,
            boolean allowHighS) {
        return verify(curve, key, compressed, message, signature, allowHighS, NativeK256.available());
    }

    /** @param useNative whether a K-256 signature goes to libsecp256k1 (which must be available) */
    static boolean verify(Curve curve, ECPublicKeyParameters key, byte[] compressed, byte[] message, byte[] signature,
            boolean allowHighS, boolean useNative) {
        if (signature == null || signature.length != SIGNATURE_LENGTH) {
            return false; // DER encodings (70-72 bytes) end here
        }
        BigInteger r = BigIntegers.fromUnsignedByteArray(signature, 0, SCALAR_LENGTH);
        BigInteger s = BigIntegers.fromUnsignedByteArray(signature, SCALAR_LENGTH, SCALAR_LENGTH);
        if (r.signum() <= 0 || r.compareTo(curve.order()) >= 0) {
            return false;
        }
        if (s.signum() <= 0 || s.compareTo(curve.order()) >= 0) {
            return false;
        }
        if (!allowHighS && s.compareTo(curve.halfOrder()) > 0) {
            return false;
        }
        if (curve == Curve.K256 && useNative) {
            byte[] lowS = signature;
            if (s.compareTo(curve.halfOrder()) > 0) {
                // libsecp256k1 takes only the low-S twin, which is valid exactly when this one is
                lowS = signature.clone();
                BigIntegers.asUnsignedByteArray(curve.order().subtract(s), lowS, SCALAR_LENGTH, SCALAR_LENGTH);
            }
            return NativeK256.verify(lowS, sha256(message), compressed);
        }
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, key);
        return verifier.verifySignature(sha256(message), r, s);
    }

    static byte[] sha256(byte[] message) {
        SHA256Digest digest = new SHA256Digest();
        digest.update(message, 0, message.length);
        byte[] out = new byte[digest.getDigestSize()];
        digest.doFinal(out, 0);
        return out;
    }
}
