package dev.pds.crypto;

import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.math.ec.ECPoint;

/**
 * A K-256 or P-256 public key: a validated point on its curve. Equal keys have equal curve
 * and point. Its text forms are the did:key ({@link #didKey()}) and the multikey
 * ({@link #multikey()}, the did:key without its {@code did:key:} prefix).
 */
public final class PublicKey {
    /** Length of a compressed point: 0x02 or 0x03, then x. */
    public static final int COMPRESSED_LENGTH = 33;
    /** Length of an uncompressed point: 0x04, then x and y. */
    public static final int UNCOMPRESSED_LENGTH = 65;

    private final Curve curve;
    private final byte[] compressed;
    // decoded once: decompressing a point costs a square root
    private final ECPublicKeyParameters parameters;

    private PublicKey(Curve curve, ECPoint point) {
        this.curve = curve;
        this.parameters = new ECPublicKeyParameters(point, curve.domain()); // rejects infinity, off-curve
        this.compressed = parameters.getQ().getEncoded(true);
    }

    /**
     * A public key from its SEC 1 encoding: 33 bytes compressed or 65 bytes uncompressed.
     *
     * @throws CryptoException if the bytes are not a point on this curve
     */
    public static PublicKey fromBytes(Curve curve, byte[] encoded) {
        Objects.requireNonNull(curve, "curve");
        Objects.requireNonNull(encoded, "encoded");
        boolean compressedForm = encoded.length == COMPRESSED_LENGTH && (encoded[0] == 2 || encoded[0] == 3);
        boolean uncompressedForm = encoded.length == UNCOMPRESSED_LENGTH && encoded[0] == 4;
        if (!compressedForm && !uncompressedForm) {
            throw new CryptoException("a " + curve + " public key is 33 bytes compressed or 65 bytes"
                    + " uncompressed, got " + encoded.length + " bytes");
        }
        try {
            return new PublicKey(curve, curve.domain().getCurve().decodePoint(encoded));
        } catch (IllegalArgumentException e) {
            throw new CryptoException("not a point on " + curve.curveName() + ": " + e.getMessage(), e);
        }
    }

    static PublicKey fromPoint(Curve curve, ECPoint point) {
        return new PublicKey(curve, point);
    }

    /** A public key from a did:key string; see {@link DidKey#parse}. */
    public static PublicKey fromDidKey(String didKey) {
        return DidKey.parse(didKey);
    }

    /** A public key from a multikey ({@code z} + base58btc(multicodec + compressed point)). */
    public static PublicKey fromMultikey(String multikey) {
        return Multikey.parse(multikey);
    }

    public Curve curve() {
        return curve;
    }

    /** The 33-byte compressed point (a copy). */
    public byte[] compressed() {
        return compressed.clone();
    }

    /** The 65-byte uncompressed point {@code 0x04 || x || y}. */
    public byte[] uncompressed() {
        return parameters.getQ().getEncoded(false);
    }

    /** {@code did:key:z...} for this key. */
    public String didKey() {
        return DidKey.PREFIX + multikey();
    }

    /** {@code z...}: base58btc of the curve's multicodec and the compressed point. */
    public String multikey() {
        return Multikey.format(this);
    }

    /**
     * Whether {@code signature} is this key's valid low-S 64-byte {@code r||s} signature of the
     * SHA-256 of {@code message}. High-S, DER-encoded, wrongly sized, out-of-range and other
     * keys' signatures all give false; nothing here throws for bad signature bytes.
     */
    public boolean verify(byte[] message, byte[] signature) {
        Objects.requireNonNull(message, "message");
        return Ecdsa.verify(curve, parameters, compressed, message, signature, false);
    }

    /**
     * Like {@link #verify} but also accepts the high-S twin of a valid signature. Only for
     * JWTs made by other software (DPoP proofs from WebCrypto are high-S half the time, and
     * atproto's reference accepts high-S in service-auth JWTs); never for repo or PLC data.
     * Still only the 64-byte {@code r||s} form.
     */
    public boolean verifyAllowingHighS(byte[] message, byte[] signature) {
        Objects.requireNonNull(message, "message");
        return Ecdsa.verify(curve, parameters, compressed, message, signature, true);
    }

    ECPublicKeyParameters parameters() {
        return parameters;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PublicKey && ((PublicKey) o).curve == curve
                && Arrays.equals(((PublicKey) o).compressed, compressed);
    }

    @Override
    public int hashCode() {
        return 31 * curve.hashCode() + Arrays.hashCode(compressed);
    }

    @Override
    public String toString() {
        return didKey();
    }
}
