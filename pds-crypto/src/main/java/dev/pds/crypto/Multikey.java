package dev.pds.crypto;

import java.util.Arrays;
import java.util.Objects;

/**
 * The multibase text of a public key as DID documents carry it in {@code publicKeyMultibase}:
 * {@code z} + base58btc(multicodec varint + compressed point). The older verification
 * suites ({@code EcdsaSecp256k1VerificationKey2019}, {@code EcdsaSecp256r1VerificationKey2019})
 * put the bare point there without a multicodec; {@link #parseLegacy} reads those.
 */
public final class Multikey {
    /** Longest multikey accepted; real ones are 49 characters. */
    public static final int MAX_LENGTH = 256;

    private Multikey() {
    }

    public static String format(PublicKey key) {
        byte[] codec = key.curve().multicodec();
        byte[] point = key.compressed();
        byte[] bytes = Arrays.copyOf(codec, codec.length + point.length);
        System.arraycopy(point, 0, bytes, codec.length, point.length);
        return "z" + Base58btc.encode(bytes);
    }

    /**
     * @throws CryptoException if the text is not base58btc multibase, names no curve we know,
     *     or does not hold a compressed point on that curve
     */
    public static PublicKey parse(String multikey) {
        byte[] bytes = decodeMultibase(multikey);
        for (Curve curve : Curve.values()) {
            if (curve.multicodecMatches(bytes)) {
                byte[] point = Arrays.copyOfRange(bytes, 2, bytes.length);
                if (point.length != PublicKey.COMPRESSED_LENGTH) {
                    throw new CryptoException("multikey must hold a 33-byte compressed " + curve
                            + " point, got " + point.length + " bytes");
                }
                return PublicKey.fromBytes(curve, point);
            }
        }
        throw new CryptoException("multikey names an unsupported key type (want K-256 0xe701 or P-256 0x8024)");
    }

    /** A legacy {@code publicKeyMultibase}: the bare point (compressed or not) for a known curve. */
    public static PublicKey parseLegacy(Curve curve, String multibase) {
        return PublicKey.fromBytes(curve, decodeMultibase(multibase));
    }

    private static byte[] decodeMultibase(String text) {
        Objects.requireNonNull(text, "multibase");
        if (text.length() > MAX_LENGTH) {
            throw new CryptoException("multibase key longer than " + MAX_LENGTH + " characters");
        }
        if (text.isEmpty() || text.charAt(0) != 'z') {
            throw new CryptoException("multibase key must be base58btc (start with 'z')");
        }
        return Base58btc.decode(text.substring(1));
    }
}
