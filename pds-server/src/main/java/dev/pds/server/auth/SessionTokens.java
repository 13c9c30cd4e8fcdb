package dev.pds.server.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.pds.core.error.XrpcException;
import dev.pds.core.syntax.Did;
import dev.pds.crypto.jwt.ExpiredJwtException;
import dev.pds.crypto.jwt.JwtException;
import dev.pds.crypto.jwt.JwtSigner;
import dev.pds.crypto.jwt.JwtVerifier;
import dev.pds.crypto.jwt.VerifiedJwt;
import dev.pds.server.cache.LruCache;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;

/**
 * Legacy session JWTs, shaped like the reference PDS's: HS256 with the server's JWT secret,
 * {@code typ} at+jwt or refresh+jwt, {@code aud} the service DID, {@code sub} the account,
 * {@code scope} an {@link AuthScope}. Ours also carry the session id ({@code sid}) so that a
 * revoked session's access tokens stop working at once.
 */
public final class SessionTokens {
    public static final Duration ACCESS_LIFETIME = Duration.ofHours(2);
    public static final Duration REFRESH_LIFETIME = Duration.ofDays(90);
    static final String ACCESS_TYPE = "at+jwt";
    static final String REFRESH_TYPE = "refresh+jwt";
    /** Access tokens kept verified; beyond this the least recently used is verified again when it comes back. */
    static final int MAX_CACHED_TOKENS = 4096;

    private final JwtSigner signer;
    private final JwtVerifier accessVerifier;
    private final JwtVerifier refreshVerifier;
    private final JwtVerifier lateRefreshVerifier;
    private final String serviceDid;
    private final Clock clock;
    /**
     * Access tokens already verified, by their exact text: a client sends the same token with
     * every call until it refreshes, and a MACed text cannot mean anything else later. Only
     * expiry is checked again; whether the session still exists is the caller's check, on
     * every call, so revocation still takes effect at once.
     */
    private final LruCache<String, VerifiedAccess> verifiedAccess = new LruCache<>(MAX_CACHED_TOKENS);

    private record VerifiedAccess(Credentials credentials, Instant usableUntil) {
    }

    public SessionTokens(String jwtSecret, String serviceDid, Clock clock) {
        byte[] secret = jwtSecret.getBytes(StandardCharsets.UTF_8);
        this.signer = JwtSigner.hs256(secret);
        JwtVerifier base = JwtVerifier.hs256(secret).withClock(clock).withAudience(serviceDid);
        this.accessVerifier = base.withType(ACCESS_TYPE);
        this.refreshVerifier = base.withType(REFRESH_TYPE);
        // a skew beyond any token's lifetime: an expired token we signed still says which session it names
        this.lateRefreshVerifier = refreshVerifier.withClockSkew(REFRESH_LIFETIME.multipliedBy(100));
        this.serviceDid = Objects.requireNonNull(serviceDid, "serviceDid");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A pair of tokens for one session. */
    public record Pair(String accessJwt, String refreshJwt, Instant refreshExpiresAt) {
    }

    public Pair issue(Did did, AuthScope scope, String sessionId, String refreshId) {
        Instant now = clock.instant();
        Instant refreshExpires = now.plus(REFRESH_LIFETIME);
        String access = signer.sign(ACCESS_TYPE, base(did, scope, sessionId, now, now.plus(ACCESS_LIFETIME)).build());
        String refresh = signer.sign(REFRESH_TYPE,
                base(did, AuthScope.REFRESH, sessionId, now, refreshExpires).jwtID(refreshId).build());
        return new Pair(access, refresh, refreshExpires);
    }

    private JWTClaimsSet.Builder base(Did did, AuthScope scope, String sessionId, Instant now, Instant expires) {
        return new JWTClaimsSet.Builder()
                .subject(did.toString())
                .audience(serviceDid)
                .claim("scope", scope.claim())
                .claim("sid", sessionId)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expires));
    }

    /** The claims of a valid access token: ExpiredToken or InvalidToken otherwise. */
    public Credentials verifyAccess(String token) {
        VerifiedAccess known = verifiedAccess.get(token);
        if (known != null) {
            if (clock.instant().isAfter(known.usableUntil())) {
                throw XrpcException.badRequest("ExpiredToken", "Token has expired");
            }
            return known.credentials();
        }
        VerifiedJwt jwt = verified(accessVerifier, token);
        Credentials c = credentials(jwt);
        if (c.scope() == AuthScope.REFRESH) {
            throw invalid("Invalid token type");
        }
        // the verifier accepted it, so exp is there; it stays usable as long as the verifier would allow
        Instant usableUntil = jwt.claims().getExpirationTime().toInstant().plus(JwtVerifier.DEFAULT_CLOCK_SKEW);
        verifiedAccess.put(token, new VerifiedAccess(c, usableUntil));
        return c;
    }

    int cachedAccessTokens() {
        return verifiedAccess.size();
    }

    /** The claims of a valid refresh token: ExpiredToken or InvalidToken otherwise. */
    public Credentials verifyRefresh(String token) {
        Credentials c = verify(refreshVerifier, token);
        if (c.scope() != AuthScope.REFRESH || c.tokenId() == null) {
            throw invalid("Invalid token type");
        }
        return c;
    }

    /**
     * The claims of a refresh token we signed, even expired: logging out with an old token
     * still names the session to end. InvalidToken when it is not ours or not a refresh token.
     */
    public Credentials verifyRefreshAllowingExpired(String token) {
        Credentials c = verify(lateRefreshVerifier, token);
        if (c.scope() != AuthScope.REFRESH || c.tokenId() == null) {
            throw invalid("Invalid token type");
        }
        return c;
    }

    private static Credentials verify(JwtVerifier verifier, String token) {
        return credentials(verified(verifier, token));
    }

    private static VerifiedJwt verified(JwtVerifier verifier, String token) {
        try {
            return verifier.verify(token);
        } catch (ExpiredJwtException e) {
            throw XrpcException.badRequest("ExpiredToken", "Token has expired");
        } catch (JwtException e) {
            throw invalid("Token could not be verified");
        }
    }

    private static Credentials credentials(VerifiedJwt jwt) {
        JWTClaimsSet claims = jwt.claims();
        try {
            String sub = claims.getSubject();
            AuthScope scope = AuthScope.ofClaim(claims.getStringClaim("scope")).orElse(null);
            String sid = claims.getStringClaim("sid");
            if (sub == null || !Did.isValid(sub) || scope == null || sid == null) {
                throw invalid("Malformed token");
            }
            return new Credentials(Did.parse(sub), scope, sid, claims.getJWTID(), java.util.Optional.empty());
        } catch (ParseException e) {
            throw invalid("Malformed token");
        }
    }

    static XrpcException invalid(String message) {
        return XrpcException.badRequest("InvalidToken", message);
    }
}
