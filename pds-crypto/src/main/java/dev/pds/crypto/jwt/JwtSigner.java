package dev.pds.crypto.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.pds.crypto.CryptoException;
import dev.pds.crypto.Keypair;
import java.util.Objects;

/**
 * Signs JWTs with one key and one algorithm: HS256 with a shared secret (session tokens) or
 * ES256K/ES256 with a {@link Keypair} (service auth, OAuth). Thread-safe.
 */
public final class JwtSigner {
    /** Shortest HS256 secret accepted: RFC 7518 wants a key at least as long as the hash. */
    public static final int MIN_HMAC_SECRET_LENGTH = 32;

    private final JWSAlgorithm algorithm;
    private final JWSSigner signer;

    private JwtSigner(JWSAlgorithm algorithm, JWSSigner signer) {
        this.algorithm = algorithm;
        this.signer = signer;
    }

    /** @throws CryptoException if the secret is shorter than {@value #MIN_HMAC_SECRET_LENGTH} bytes */
    public static JwtSigner hs256(byte[] secret) {
        return new JwtSigner(JWSAlgorithm.HS256, macSigner(secret));
    }

    /** ES256K for a K-256 key, ES256 for a P-256 key. */
    public static JwtSigner ecdsa(Keypair keypair) {
        Objects.requireNonNull(keypair, "keypair");
        return new JwtSigner(JWSAlgorithm.parse(keypair.curve().jwtAlgorithm()), new EcdsaJwsSigner(keypair));
    }

    /** The JWS {@code alg} this signer writes: HS256, ES256K or ES256. */
    public String algorithm() {
        return algorithm.getName();
    }

    /** A compact JWT with header {@code {"alg": ...}} only. */
    public String sign(JWTClaimsSet claims) {
        return sign(new JWSHeader.Builder(algorithm).build(), claims);
    }

    /** A compact JWT whose header also has {@code typ} (e.g. {@code at+jwt}, {@code refresh+jwt}). */
    public String sign(String type, JWTClaimsSet claims) {
        Objects.requireNonNull(type, "type");
        return sign(new JWSHeader.Builder(algorithm).type(new JOSEObjectType(type)).build(), claims);
    }

    /** A compact JWT with a header of the caller's making; its alg must be this signer's. */
    public String sign(JWSHeader header, JWTClaimsSet claims) {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(claims, "claims");
        if (!algorithm.equals(header.getAlgorithm())) {
            throw new CryptoException("header alg " + header.getAlgorithm() + " does not match signer alg " + algorithm);
        }
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new CryptoException("cannot sign JWT: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }

    static byte[] checkedSecret(byte[] secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length < MIN_HMAC_SECRET_LENGTH) {
            throw new CryptoException("HS256 secret must be at least " + MIN_HMAC_SECRET_LENGTH
                    + " bytes, got " + secret.length);
        }
        return secret.clone();
    }

    private static MACSigner macSigner(byte[] secret) {
        try {
            return new MACSigner(checkedSecret(secret));
        } catch (JOSEException e) {
            throw new CryptoException("unusable HS256 secret: " + e.getMessage(), e);
        }
    }
}
