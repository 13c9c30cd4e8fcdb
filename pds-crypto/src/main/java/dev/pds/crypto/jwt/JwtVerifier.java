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
 * allowed skew, and {@code aud}, {@code iss}, header {@code typ} and the age of {@code iat}
 * when asked. A token in any other algorithm is refused before its signature is looked at, so
 * an HS256 token can never pass as ES256K or the other way round. Immutable; the
 * {@code with...} methods return new verifiers.
 *
 * <p>The signature is checked before any claim, so a forged token is always "invalid", never
 * "expired". ES256K/ES256 signatures must be 64-byte {@code r||s}; high-S is accepted unless
 * {@link #withLowSRequired()} is asked for, because JWTs come from other software (atproto's
 * reference accepts high-S in service auth; WebCrypto DPoP proofs are high-S half the time).
 */
public final class JwtVerifier {
    /** Longest token accepted, far above any token this server issues or accepts. */
    public static final int MAX_TOKEN_LENGTH = 16 * 1024;
    /** Allowed clock difference with the issuer for exp, nbf and iat. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);

    private final JWSAlgorithm algorithm;
    private final JWSVerifier verifier;
    private final Checks checks;

    /** What to require of the claims; null means "not asked". */
    private record Checks(Clock clock, Duration clockSkew, String audience, String issuer, String type,
            boolean expirationRequired, Duration maxAge) {
    }

    private JwtVerifier(JWSAlgorithm algorithm, JWSVerifier verifier, Checks checks) {
        this.algorithm = algorithm;
        this.verifier = verifier;
        this.checks = checks;
    }

    /** Accepts HS256 tokens made with this secret (at least 32 bytes). */
    public static JwtVerifier hs256(byte[] secret) {
        try {
            return of(JWSAlgorithm.HS256, new MACVerifier(JwtSigner.checkedSecret(secret)));
        } catch (JOSEException e) {
            throw new CryptoException("unusable HS256 secret: " + e.getMessage(), e);
        }
    }

    /** Accepts ES256K tokens for a K-256 key, ES256 tokens for a P-256 key. */
    public static JwtVerifier ecdsa(PublicKey key) {
        Objects.requireNonNull(key, "key");
        return of(JWSAlgorithm.parse(key.curve().jwtAlgorithm()), new EcdsaJwsVerifier(key, true));
    }

    private static JwtVerifier of(JWSAlgorithm algorithm, JWSVerifier verifier) {
        return new JwtVerifier(algorithm, verifier,
                new Checks(Clock.systemUTC(), DEFAULT_CLOCK_SKEW, null, null, null, true, null));
    }

    private JwtVerifier with(Checks newChecks) {
        return new JwtVerifier(algorithm, verifier, newChecks);
    }

    public JwtVerifier withClock(Clock clock) {
        Checks c = checks;
        return with(new Checks(Objects.requireNonNull(clock, "clock"), c.clockSkew, c.audience, c.issuer, c.type,
                c.expirationRequired, c.maxAge));
    }

    public JwtVerifier withClockSkew(Duration skew) {
        Checks c = checks;
        return with(new Checks(c.clock, nonNegative(skew, "clock skew"), c.audience, c.issuer, c.type,
                c.expirationRequired, c.maxAge));
    }

    /** Require {@code aud} to be, or to contain, this value. */
    public JwtVerifier withAudience(String audience) {
        Checks c = checks;
        return with(new Checks(c.clock, c.clockSkew, Objects.requireNonNull(audience, "audience"), c.issuer, c.type,
                c.expirationRequired, c.maxAge));
    }

    /** Require {@code iss} to equal this value. */
    public JwtVerifier withIssuer(String issuer) {
        Checks c = checks;
        return with(new Checks(c.clock, c.clockSkew, c.audience, Objects.requireNonNull(issuer, "issuer"), c.type,
                c.expirationRequired, c.maxAge));
    }

    /** Require header {@code typ} to equal this value (e.g. {@code at+jwt} vs {@code refresh+jwt}). */
    public JwtVerifier withType(String type) {
        Checks c = checks;
        return with(new Checks(c.clock, c.clockSkew, c.audience, c.issuer, Objects.requireNonNull(type, "type"),
                c.expirationRequired, c.maxAge));
    }

    /** Whether a token without {@code exp} is refused (the default) or accepted. */
    public JwtVerifier withExpirationRequired(boolean required) {
        Checks c = checks;
        return with(new Checks(c.clock, c.clockSkew, c.audience, c.issuer, c.type, required, c.maxAge));
    }

    /** Require {@code iat}, no older than this (DPoP proofs carry iat but no exp). */
    public JwtVerifier withMaxAge(Duration maxAge) {
        Checks c = checks;
        return with(new Checks(c.clock, c.clockSkew, c.audience, c.issuer, c.type, c.expirationRequired,
                nonNegative(maxAge, "max age")));
    }

    /** Refuse high-S ES256K/ES256 signatures too (no effect on HS256). */
    public JwtVerifier withLowSRequired() {
        if (verifier instanceof EcdsaJwsVerifier) {
            return new JwtVerifier(algorithm, new EcdsaJwsVerifier(((EcdsaJwsVerifier) verifier).key(), false), checks);
        }
        return this;
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
        if (checks.type != null && !checks.type.equals(verified.type())) {
            throw new InvalidJwtException("token typ is " + verified.type() + ", expected " + checks.type);
        }
        checkTimes(verified.claims());
        checkParties(verified.claims());
        return verified;
    }

    private boolean signatureValid(SignedJWT jwt) {
        try {
            return jwt.verify(verifier);
        } catch (JOSEException | RuntimeException e) {
            throw new InvalidJwtException("JWT signature cannot be checked: " + e.getMessage(), e);
        }
    }

    private void checkTimes(JWTClaimsSet claims) {
        Instant now = checks.clock.instant();
        Duration skew = checks.clockSkew;
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            if (checks.expirationRequired) {
                throw new InvalidJwtException("token has no exp");
            }
        } else if (now.isAfter(exp.toInstant().plus(skew))) {
            throw new ExpiredJwtException("token expired at " + exp.toInstant());
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.plus(skew).isBefore(nbf.toInstant())) {
            throw new InvalidJwtException("token not valid before " + nbf.toInstant());
        }
        Date iat = claims.getIssueTime();
        if (iat != null && now.plus(skew).isBefore(iat.toInstant())) {
            throw new InvalidJwtException("token issued in the future (" + iat.toInstant() + ")");
        }
        if (checks.maxAge != null) {
            if (iat == null) {
                throw new InvalidJwtException("token has no iat");
            }
            if (iat.toInstant().plus(checks.maxAge).plus(skew).isBefore(now)) {
                throw new InvalidJwtException("token issued too long ago (" + iat.toInstant() + ")");
            }
        }
    }

    private void checkParties(JWTClaimsSet claims) {
        if (checks.audience != null) {
            List<String> aud = claims.getAudience();
            if (aud == null || !aud.contains(checks.audience)) {
                throw new InvalidJwtException("token audience " + aud + " does not include " + checks.audience);
            }
        }
        if (checks.issuer != null && !checks.issuer.equals(claims.getIssuer())) {
            throw new InvalidJwtException("token issuer " + claims.getIssuer() + " is not " + checks.issuer);
        }
    }

    private static Duration nonNegative(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative");
        }
        return d;
    }
}
