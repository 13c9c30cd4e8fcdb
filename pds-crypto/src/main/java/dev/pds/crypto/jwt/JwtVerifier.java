package dev.pds.crypto.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.pds.crypto.CryptoException;
import dev.pds.crypto.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;

/**
 * Verifies JWTs for one key and its one algorithm, then checks the claims: {@code exp}
 * (required unless switched off), {@code nbf} and {@code iat} against the clock with a small
 * allowed skew, and {@code aud}, {@code iss} and header {@code typ} when asked. A token
 * in any other algorithm is refused before its signature is looked at, so an HS256 token can
 * never pass as ES256K or the other way round. Immutable; the {@code with...} methods return
 * new verifiers.
 *
 * <p>The signature is checked before any claim, so a forged token is always "invalid", never
 * "expired".
 */
public final class JwtVerifier {
    /** Longest token accepted, far above any token this server issues or accepts. */
    public static final int MAX_TOKEN_LENGTH = 16 * 1024;
    /** Allowed clock difference with the issuer for exp, nbf and iat. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);

    private final JWSAlgorithm algorithm;
    private final JWSVerifier verifier;
    private final Clock clock;
    private final Duration clockSkew;
    private final String audience;
    private final String issuer;
    private final String type;
    private final boolean expirationRequired;

    private JwtVerifier(JWSAlgorithm algorithm, JWSVerifier verifier, Clock clock, Duration clockSkew,
            String audience, String issuer, String type, boolean expirationRequired) {
        this.algorithm = algorithm;
        this.verifier = verifier;
        this.clock = clock;
        this.clockSkew = clockSkew;
        this.audience = audience;
        this.issuer = issuer;
        this.type = type;
        this.expirationRequired = expirationRequired;
    }

    /** Accepts HS256 tokens made with this secret (at least 32 bytes). */
    public static JwtVerifier hs256(byte[] secret) {
        try {
            return of(JWSAlgorithm.HS256, new MACVerifier(JwtSigner.checkedSecret(secret)));
        } catch (JOSEException e) {
            throw new CryptoException("unusable HS256 secret: " + e.getMessage(), e);
        }
    }

    /** Accepts ES256K tokens for a K-256 key, ES256 tokens for a P-256 key; low-S only. */
    public static JwtVerifier ecdsa(PublicKey key) {
        Objects.requireNonNull(key, "key");
        return of(JWSAlgorithm.parse(key.curve().jwtAlgorithm()), new EcdsaJwsVerifier(key));
    }

    private static JwtVerifier of(JWSAlgorithm algorithm, JWSVerifier verifier) {
        return new JwtVerifier(algorithm, verifier, Clock.systemUTC(), DEFAULT_CLOCK_SKEW, null, null, null, true);
    }

    public JwtVerifier withClock(Clock clock) {
        return new JwtVerifier(algorithm, verifier, Objects.requireNonNull(clock, "clock"), clockSkew,
                audience, issuer, type, expirationRequired);
    }

    public JwtVerifier withClockSkew(Duration skew) {
        Objects.requireNonNull(skew, "skew");
        if (skew.isNegative()) {
            throw new IllegalArgumentException("clock skew must not be negative");
        }
        return new JwtVerifier(algorithm, verifier, clock, skew, audience, issuer, type, expirationRequired);
    }

    /** Require {@code aud} to be, or to contain, this value. */
    public JwtVerifier withAudience(String audience) {
        return new JwtVerifier(algorithm, verifier, clock, clockSkew, Objects.requireNonNull(audience, "audience"),
                issuer, type, expirationRequired);
    }

    /** Require {@code iss} to equal this value. */
    public JwtVerifier withIssuer(String issuer) {
        return new JwtVerifier(algorithm, verifier, clock, clockSkew, audience,
                Objects.requireNonNull(issuer, "issuer"), type, expirationRequired);
    }

    /** Require header {@code typ} to equal this value (e.g. {@code at+jwt} vs {@code refresh+jwt}). */
    public JwtVerifier withType(String type) {
        return new JwtVerifier(algorithm, verifier, clock, clockSkew, audience, issuer,
                Objects.requireNonNull(type, "type"), expirationRequired);
    }

    /** Whether a token without {@code exp} is refused (the default) or accepted. */
    public JwtVerifier withExpirationRequired(boolean required) {
        return new JwtVerifier(algorithm, verifier, clock, clockSkew, audience, issuer, type, required);
    }

    /** The one JWS {@code alg} this verifier accepts. */
    public String algorithm() {
        return algorithm.getName();
    }

    /**
     * @throws ExpiredJwtException if the token is genuine but its exp has passed
     * @throws InvalidJwtException for every other reason to refuse it
     */
    public VerifiedJwt verify(String token) {
        SignedJWT jwt = UnverifiedJwt.parseSigned(token);
        if (!algorithm.equals(jwt.getHeader().getAlgorithm())) {
            throw new InvalidJwtException("token alg " + jwt.getHeader().getAlgorithm().getName()
                    + " is not the expected " + algorithm);
        }
        if (!signatureValid(jwt)) {
            throw new InvalidJwtException("JWT signature does not verify");
        }
        VerifiedJwt verified = new VerifiedJwt(jwt.getHeader(), UnverifiedJwt.claimsOf(jwt));
        if (type != null && !type.equals(verified.type())) {
            throw new InvalidJwtException("token typ is " + verified.type() + ", expected " + type);
        }
        checkClaims(verified.claims());
        return verified;
    }

    private boolean signatureValid(SignedJWT jwt) {
        try {
            return jwt.verify(verifier);
        } catch (JOSEException | RuntimeException e) {
            throw new InvalidJwtException("JWT signature cannot be checked: " + e.getMessage(), e);
        }
    }

    private void checkClaims(JWTClaimsSet claims) {
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            if (expirationRequired) {
                throw new InvalidJwtException("token has no exp");
            }
        } else if (now.isAfter(exp.toInstant().plus(clockSkew))) {
            throw new ExpiredJwtException("token expired at " + exp.toInstant());
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.plus(clockSkew).isBefore(nbf.toInstant())) {
            throw new InvalidJwtException("token not valid before " + nbf.toInstant());
        }
        Date iat = claims.getIssueTime();
        if (iat != null && now.plus(clockSkew).isBefore(iat.toInstant())) {
            throw new InvalidJwtException("token issued in the future (" + iat.toInstant() + ")");
        }
        if (audience != null) {
            List<String> aud = claims.getAudience();
            if (aud == null || !aud.contains(audience)) {
                throw new InvalidJwtException("token audience " + aud + " does not include " + audience);
            }
        }
        if (issuer != null && !issuer.equals(claims.getIssuer())) {
            throw new InvalidJwtException("token issuer " + claims.getIssuer() + " is not " + issuer);
        }
    }
}
