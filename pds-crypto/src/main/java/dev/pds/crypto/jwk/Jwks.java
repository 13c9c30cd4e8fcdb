package dev.pds.crypto.jwk;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import dev.pds.crypto.CryptoException;
import dev.pds.crypto.Curve;
import dev.pds.crypto.Keypair;
import dev.pds.crypto.PublicKey;
import java.text.ParseException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Our keys in JSON Web Key form (RFC 7517/7518 {@code kty: "EC"}), as Nimbus {@link ECKey}
 * values so that DPoP, OAuth and JWKS code can use them directly. Conversion goes through
 * the point bytes and never through the JCA, which lacks secp256k1 on Java 17.
 */
public final class Jwks {
    /** Longest JWK JSON accepted by the parse methods. */
    public static final int MAX_JSON_LENGTH = 8 * 1024;
    private static final int COORDINATE_LENGTH = 32;

    private Jwks() {
    }

    /** The public JWK: kty EC, crv secp256k1 or P-256, x and y. */
    public static ECKey publicJwk(PublicKey key) {
        byte[] point = key.uncompressed();
        return new ECKey.Builder(nimbusCurve(key.curve()),
                Base64URL.encode(Arrays.copyOfRange(point, 1, 1 + COORDINATE_LENGTH)),
                Base64URL.encode(Arrays.copyOfRange(point, 1 + COORDINATE_LENGTH, point.length)))
                .build();
    }

    /** The private JWK: the public fields plus d. Keep it secret. */
    public static ECKey privateJwk(Keypair keypair) {
        return new ECKey.Builder(publicJwk(keypair.publicKey()))
                .d(Base64URL.encode(keypair.privateKeyBytes()))
                .build();
    }

    /**
     * The public key of an EC JWK (a private JWK's d is ignored).
     *
     * @throws CryptoException for other curves, short coordinates or a point off the curve
     */
    public static PublicKey publicKey(ECKey jwk) {
        Objects.requireNonNull(jwk, "jwk");
        Curve curve = ourCurve(jwk);
        byte[] x = coordinate(jwk.getX(), "x");
        byte[] y = coordinate(jwk.getY(), "y");
        byte[] point = new byte[1 + 2 * COORDINATE_LENGTH];
        point[0] = 4;
        System.arraycopy(x, 0, point, 1, COORDINATE_LENGTH);
        System.arraycopy(y, 0, point, 1 + COORDINATE_LENGTH, COORDINATE_LENGTH);
        return PublicKey.fromBytes(curve, point);
    }

    /**
     * The key pair of a private EC JWK; d must belong to the given x and y.
     *
     * @throws CryptoException if d is missing, malformed, or does not match the public part
     */
    public static Keypair keypair(ECKey jwk) {
        PublicKey expected = publicKey(jwk);
        if (jwk.getD() == null) {
            throw new CryptoException("JWK has no private part (d)");
        }
        Keypair keypair = Keypair.fromPrivateKey(expected.curve(), coordinate(jwk.getD(), "d"));
        if (!keypair.publicKey().equals(expected)) {
            throw new CryptoException("JWK private key (d) does not match its public key (x, y)");
        }
        return keypair;
    }

    /** {@link #publicKey(ECKey)} of a JWK given as JSON text. */
    public static PublicKey parsePublicKey(String json) {
        return publicKey(parse(json));
    }

    /** {@link #keypair(ECKey)} of a JWK given as JSON text. */
    public static Keypair parseKeypair(String json) {
        return keypair(parse(json));
    }

    /** The Nimbus curve object for one of ours. */
    public static com.nimbusds.jose.jwk.Curve nimbusCurve(Curve curve) {
        return curve == Curve.K256 ? com.nimbusds.jose.jwk.Curve.SECP256K1 : com.nimbusds.jose.jwk.Curve.P_256;
    }

    private static ECKey parse(String json) {
        Objects.requireNonNull(json, "json");
        if (json.length() > MAX_JSON_LENGTH) {
            throw new CryptoException("JWK longer than " + MAX_JSON_LENGTH + " characters");
        }
        try {
            return ECKey.parse(json);
        } catch (ParseException | RuntimeException e) {
            throw new CryptoException("not an EC JWK: " + e.getMessage(), e);
        }
    }

    private static Curve ourCurve(ECKey jwk) {
        if (jwk.getCurve() == null) {
            throw new CryptoException("JWK has no crv");
        }
        return Curve.forJwkCurve(jwk.getCurve().getName());
    }

    private static byte[] coordinate(Base64URL value, String name) {
        byte[] bytes = value == null ? new byte[0] : value.decode();
        if (bytes.length != COORDINATE_LENGTH) {
            throw new CryptoException("JWK " + name + " must be 32 bytes, got " + bytes.length);
        }
        return bytes;
    }
}
