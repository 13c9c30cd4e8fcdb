package dev.pds.crypto;

import java.math.BigInteger;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;

/** The two elliptic curves atproto signs with, and the names each one goes by. */
public enum Curve {
    /** secp256k1: JWT alg {@code ES256K}, multicodec secp256k1-pub (0xe7). */
    K256("secp256k1", "ES256K", "secp256k1", new byte[] {(byte) 0xe7, 0x01}),
    /** secp256r1 / NIST P-256: JWT alg {@code ES256}, multicodec p256-pub (0x1200). */
    P256("secp256r1", "ES256", "P-256", new byte[] {(byte) 0x80, 0x24});

    private final String curveName;
    private final String jwtAlgorithm;
    private final String jwkCurve;
    private final byte[] multicodec;
    // Bouncy Castle's custom curve implementations are several times faster than generic ones
    private final ECDomainParameters domain;
    private final BigInteger halfOrder;

    Curve(String curveName, String jwtAlgorithm, String jwkCurve, byte[] multicodec) {
        this.curveName = curveName;
        this.jwtAlgorithm = jwtAlgorithm;
        this.jwkCurve = jwkCurve;
        this.multicodec = multicodec;
        X9ECParameters x9 = CustomNamedCurves.getByName(curveName);
        this.domain = new ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN(), x9.getH(), x9.getSeed());
        this.halfOrder = x9.getN().shiftRight(1);
    }

    /** The SEC 2 name, {@code secp256k1} or {@code secp256r1}. */
    public String curveName() {
        return curveName;
    }

    /** The JWS algorithm that signs with this curve and SHA-256: {@code ES256K} or {@code ES256}. */
    public String jwtAlgorithm() {
        return jwtAlgorithm;
    }

    /** The JWK {@code crv} value: {@code secp256k1} or {@code P-256}. */
    public String jwkCurve() {
        return jwkCurve;
    }

    /** The multicodec prefix (unsigned varint) of a compressed public key of this curve. */
    public byte[] multicodec() {
        return multicodec.clone();
    }

    /** The curve for a JWS algorithm name, or an error for any other algorithm. */
    public static Curve forJwtAlgorithm(String alg) {
        for (Curve c : values()) {
            if (c.jwtAlgorithm.equals(alg)) {
                return c;
            }
        }
        throw new CryptoException("unsupported signature algorithm: " + alg);
    }

    /** The curve for a JWK {@code crv} value, or an error for any other curve. */
    public static Curve forJwkCurve(String crv) {
        for (Curve c : values()) {
            if (c.jwkCurve.equals(crv)) {
                return c;
            }
        }
        throw new CryptoException("unsupported JWK curve: " + crv);
    }

    ECDomainParameters domain() {
        return domain;
    }

    BigInteger order() {
        return domain.getN();
    }

    BigInteger halfOrder() {
        return halfOrder;
    }

    boolean multicodecMatches(byte[] bytes) {
        return bytes.length >= 2 && bytes[0] == multicodec[0] && bytes[1] == multicodec[1];
    }
}
