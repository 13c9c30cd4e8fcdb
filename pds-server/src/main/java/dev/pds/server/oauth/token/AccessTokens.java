package dev.pds.server.oauth.token;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.pds.crypto.jwt.ExpiredJwtException;
import dev.pds.crypto.jwt.JwtException;
import dev.pds.crypto.jwt.JwtSigner;
import dev.pds.crypto.jwt.JwtVerifier;
import dev.pds.crypto.jwt.VerifiedJwt;
import dev.pds.server.cache.LruCache;
import dev.pds.server.oauth.OAuthException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Objects;

/**
 * OAuth access tokens: JWTs of type {@code at+jwt} (RFC 9068) MACed with a key of their own
 * (derived from the server secret, so a password-session token can never pass for one), bound
 * to the DPoP key by {@code cnf.jkt}. They are checked against their session on every call
 * too, so a revoked or refreshed session's tokens stop working at once.
 */
public final class AccessTokens {
    static final String TYPE = "at+jwt";
    /** Tokens kept verified; beyond this the least recently used is verified again when it comes back. */
    static final int MAX_CACHED_TOKENS = 4096;

    private final JwtSigner signer;
    private final JwtVerifier verifier;
    private final String issuer;
    private final String audience;
    private final Clock clock;
    /**
     * Claims of tokens already verified, by the token's exact text: a client sends the same
     * token with every call until it refreshes, and a MACed text cannot mean anything else
     * later. Only expiry is checked again; the session check (revocation) is the caller's,
     * on every call.
     */
    private final LruCache<String, Claims> verified = new LruCache<>(MAX_CACHED_TOKENS);

    public AccessTokens(byte[] key, String issuer, String audience, Clock clock) {
        this.signer = JwtSigner.hs256(key);
        this.verifier = JwtVerifier.hs256(key).withType(TYPE).withIssuer(issuer).withAudience(audience).withClock(clock)
                .withClockSkew(java.time.Duration.ZERO);
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.audience = Objects.requireNonNull(audience, "audience");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The claims an access token carries. */
    public record Claims(String jti, String did, String clientId, String jkt, String scope, Instant expiresAt) {
        /** The session a token belongs to: its jti is {@code <grantId>.<random>}. */
        public String grantId() {
            int dot = jti.indexOf('.');
            return dot < 0 ? jti : jti.substring(0, dot);
        }
    }

    public String issue(Grant g, Instant now) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).audience(audience).subject(g.did())
                .jwtID(g.accessJti()).issueTime(Date.from(now)).expirationTime(Date.from(g.accessExpires()))
                .claim("client_id", g.clientId()).claim("scope", g.scope()).claim("cnf", Map.of("jkt", g.dpopJkt()))
                .build();
        return signer.sign(TYPE, claims);
    }

    /** @throws OAuthException invalid_token (DPoP scheme) for any token we did not issue or that expired */
    public Claims verify(String token) {
        Claims cached = verified.get(token);
        if (cached != null) {
            if (clock.instant().isAfter(cached.expiresAt())) {
                throw OAuthException.invalidToken("DPoP", "Token has expired");
            }
            return cached;
        }
        Claims claims = verifyUncached(token);
        verified.put(token, claims);
        return claims;
    }

    int cachedTokens() {
        return verified.size();
    }

    private Claims verifyUncached(String token) {
        VerifiedJwt jwt;
        try {
            jwt = verifier.verify(token);
        } catch (ExpiredJwtException e) {
            throw OAuthException.invalidToken("DPoP", "Token has expired");
        } catch (JwtException e) {
            throw OAuthException.invalidToken("DPoP", "Token could not be verified");
        }
        JWTClaimsSet c = jwt.claims();
        try {
            Map<String, Object> cnf = c.getJSONObjectClaim("cnf");
            Object jkt = cnf == null ? null : cnf.get("jkt");
            String jti = c.getJWTID();
            if (jti == null || c.getSubject() == null || !(jkt instanceof String)) {
                throw OAuthException.invalidToken("DPoP", "Malformed token");
            }
            return new Claims(jti, c.getSubject(), c.getStringClaim("client_id"), (String) jkt, c.getStringClaim("scope"),
                    c.getExpirationTime().toInstant());
        } catch (ParseException e) {
            throw OAuthException.invalidToken("DPoP", "Malformed token");
        }
    }
}
