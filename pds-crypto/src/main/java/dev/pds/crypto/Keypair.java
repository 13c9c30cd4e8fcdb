package dev.pds.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Objects;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;

/**
 * A K-256 or P-256 private key with its public key. Signs the SHA-256 of a message with an
 * RFC 6979 nonce, giving the 64-byte low-S {@code r||s} signature atproto expects. The private
 * scalar is only handed out by {@link #privateKeyBytes()} and {@link #privateKeyHex()};
 * {@link #toString()} shows the public did:key only.
 */
public final class Keypair {
    /** Length of an exported private key: the scalar, big-endian. */
    public static final int PRIVATE_KEY_LENGTH = 32;

    private final Curve curve;
    private final ECPrivateKeyParameters privateKey;
    /** The same scalar as 32 bytes, as libsecp256k1 takes it; never handed out. */
    private final byte[] scalar;
    private final PublicKey publicKey;

    private Keypair(Curve curve, ECPrivateKeyParameters privateKey, PublicKey publicKey) {
        this.curve = curve;
        this.privateKey = privateKey;
        this.scalar = BigIntegers.asUnsignedByteArray(PRIVATE_KEY_LENGTH, privateKey.getD());
        this.publicKey = publicKey;
    }

    /** A new random key pair from a fresh {@link SecureRandom}. */
    public static Keypair generate(Curve curve) {
        return generate(curve, new SecureRandom());
    }

    public static Keypair generate(Curve curve, SecureRandom random) {
        Objects.requireNonNull(curve, "curve");
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(curve.domain(), Objects.requireNonNull(random, "random")));
        AsymmetricCipherKeyPair pair = generator.generateKeyPair();
        ECPublicKeyParameters pub = (ECPublicKeyParameters) pair.getPublic();
        return new Keypair(curve, (ECPrivateKeyParameters) pair.getPrivate(), PublicKey.fromPoint(curve, pub.getQ()));
    }

    /**
     * A key pair from a 32-byte big-endian private scalar.
     *
     * @throws CryptoException if the bytes are not 32 long or the scalar is 0 or not below the order
     */
    public static Keypair fromPrivateKey(Curve curve, byte[] privateKey) {
        Objects.requireNonNull(curve, "curve");
        Objects.requireNonNull(privateKey, "privateKey");
        if (privateKey.length != PRIVATE_KEY_LENGTH) {
            throw new CryptoException("a " + curve + " private key is 32 bytes, got " + privateKey.length);
        }
        BigInteger d = new BigInteger(1, privateKey);
        if (d.signum() == 0 || d.compareTo(curve.order()) >= 0) {
            throw new CryptoException("private key is out of range for " + curve.curveName());
        }
        ECPrivateKeyParameters priv = new ECPrivateKeyParameters(d, curve.domain());
        PublicKey pub = PublicKey.fromPoint(curve,
                new FixedPointCombMultiplier().multiply(curve.domain().getG(), d).normalize());
        return new Keypair(curve, priv, pub);
    }

    /** A key pair from 64 hex digits (as in {@code PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX}). */
    public static Keypair fromPrivateKeyHex(Curve curve, String hex) {
        Objects.requireNonNull(hex, "hex");
        if (hex.length() != 2 * PRIVATE_KEY_LENGTH) {
            throw new CryptoException("a private key in hex is 64 digits, got " + hex.length() + " characters");
        }
        return fromPrivateKey(curve, Hex.decode(hex));
    }

    public Curve curve() {
        return curve;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** The public key as {@code did:key:z...}. */
    public String didKey() {
        return publicKey.didKey();
    }

    /** The private scalar, 32 bytes big-endian (a fresh copy: keep it secret). */
    public byte[] privateKeyBytes() {
        return scalar.clone();
    }

    /** Which code signs with this key: {@code "libsecp256k1"} (K-256 where it loads) or {@code "Bouncy Castle"}. */
    public static String signerFor(Curve curve) {
        return curve == Curve.K256 && NativeK256.available() ? "libsecp256k1" : "Bouncy Castle";
    }

    /** The signature Bouncy Castle makes, whichever code {@link #sign} uses (for tests and benchmarks). */
    byte[] signWithBouncyCastle(byte[] message) {
        return Ecdsa.signWithBouncyCastle(curve, privateKey, message);
    }

    /** The private scalar as 64 lower-case hex digits. */
    public String privateKeyHex() {
        return Hex.encode(privateKeyBytes());
    }

    /** The 64-byte low-S {@code r||s} signature of SHA-256({@code message}); deterministic. */
    public byte[] sign(byte[] message) {
        Objects.requireNonNull(message, "message");
        return Ecdsa.sign(curve, privateKey, scalar, message);
    }

    /** Equal when the public keys are equal (the public key determines the private one). */
    @Override
    public boolean equals(Object o) {
        return o instanceof Keypair && ((Keypair) o).publicKey.equals(publicKey);
    }

    @Override
    public int hashCode() {
        return publicKey.hashCode();
    }

    @Override
    public String toString() {
        return "Keypair[" + curve + " " + publicKey.didKey() + "]";
    }
}
