package dev.pds.server.oauth.dpop;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.pds.crypto.CryptoException;
import dev.pds.crypto.PublicKey;
import dev.pds.crypto.jwk.Jwks;
import dev.pds.crypto.jwt.JwtException;
import dev.pds.crypto.jwt.JwtVerifier;
import dev.pds.crypto.jwt.UnverifiedJwt;
import dev.pds.crypto.jwt.VerifiedJwt;
import dev.pds.server.oauth.OAuthException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Checks DPoP proofs (RFC 9449 section 4.3) as the atproto profile wants them: a JWT of type
 * {@code dpop+jwt}, signed ES256 or ES256K by the public key in its own {@code jwk} header,
 * with {@code htm} and {@code htu} naming this request, a recent {@code iat}, a {@code jti}
 * not seen before, one of our current nonces, and {@code ath} exactly when an access token is
 * presented. High-S signatures are accepted: WebCrypto makes them half the time.
 */
public final class DpopVerifier {
    /** How far a proof's iat may be from our clock: the clients' proofs are fresh, their clocks are not. */
    static final Duration MAX_IAT_SKEW = Duration.ofMinutes(3);
    static final Duration MAX_AGE = Duration.ofSeconds(10);
    private static final Set<String> ALGORITHMS = Set.of("ES256", "ES256K");
    private static final int MAX_JTI_LENGTH = 256;

    static final int MAX_CACHED_KEYS = 10_000;

    private final DpopNonces nonces;
    /** Clients sign every proof with the same key: its decoded point and thumbprint are kept. */
    private final Map<String, CachedKey> keys = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(64, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, CachedKey> eldest) {
                    return size() > MAX_CACHED_KEYS;
                }
            });

    private record CachedKey(JwtVerifier verifier, String thumbprint) {
    }
    private final ReplayCache replays;
    private final Clock clock;

    public DpopVerifier(DpopNonces nonces, ReplayCache replays, Clock clock) {
        this.nonces = Objects.requireNonNull(nonces, "nonces");
        this.replays = Objects.requireNonNull(replays, "replays");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public DpopNonces nonces() {
        return nonces;
    }

    /**
     * @param headerValues the values of the request's DPoP header (zero or one)
     * @param method       the HTTP method of the request
     * @param url          the URL the request was made to, as the client saw it (query ignored)
     * @param accessToken  the access token the request presents, or null (token endpoint, PAR)
     * @return the checked proof, or null when the request has no DPoP header
     */
    public DpopProof verify(List<String> headerValues, String method, String url, String accessToken) {
        if (headerValues.isEmpty()) {
            return null;
        }
        if (headerValues.size() > 1) {
            throw OAuthException.invalidDpopProof("DPoP header must contain a single proof");
        }
        String proof = headerValues.get(0).trim();
        if (proof.isEmpty()) {
            throw OAuthException.invalidDpopProof("DPoP header cannot be empty");
        }
        UnverifiedJwt unverified;
        try {
            unverified = UnverifiedJwt.parse(proof);
        } catch (JwtException e) {
            throw OAuthException.invalidDpopProof("DPoP proof is not a signed JWT");
        }
        JWSHeader header = unverified.header();
        if (header.getType() == null || !header.getType().getType().equals("dpop+jwt")) {
            throw OAuthException.invalidDpopProof("DPoP proof typ must be dpop+jwt");
        }
        if (!ALGORITHMS.contains(header.getAlgorithm().getName())) {
            throw OAuthException.invalidDpopProof("DPoP proof alg must be one of " + ALGORITHMS);
        }
        ECKey jwk = publicJwk(header.getJWK());
        CachedKey key = key(jwk, header.getAlgorithm().getName());
        VerifiedJwt verified = checkSignature(proof, key.verifier());
        JWTClaimsSet claims = verified.claims();
        String jti = stringClaim(claims, "jti");
        String htm = stringClaim(claims, "htm");
        String htu = stringClaim(claims, "htu");
        String nonce = optionalString(claims, "nonce");
        String ath = optionalString(claims, "ath");
        if (jti == null || jti.isEmpty() || jti.length() > MAX_JTI_LENGTH) {
            throw OAuthException.invalidDpopProof("DPoP jti missing or too long");
        }
        if (!method.equals(htm)) {
            throw OAuthException.invalidDpopProof("DPoP htm mismatch");
        }
        if (htu == null || !normalizeUrl(htu).equals(normalizeUrl(url))) {
            throw OAuthException.invalidDpopProof("DPoP htu mismatch");
        }
        if (nonce == null) {
            throw OAuthException.useDpopNonce("Authorization server requires nonce in DPoP proof");
        }
        if (!nonces.isValid(nonce)) {
            throw OAuthException.useDpopNonce("DPoP nonce mismatch");
        }
        if (accessToken != null) {
            if (ath == null || !ath.equals(accessTokenHash(accessToken))) {
                throw OAuthException.invalidDpopProof("DPoP ath mismatch");
            }
        } else if (ath != null) {
            throw OAuthException.invalidDpopProof("DPoP ath claim not allowed here");
        }
        // the jti is recorded last, so that a proof refused for its nonce can be resent as is
        if (!replays.firstUse("dpop:" + jti)) {
            throw OAuthException.invalidDpopProof("DPoP proof replayed");
        }
        return new DpopProof(key.thumbprint(), jti, htm, htu);
    }

    private CachedKey key(ECKey jwk, String alg) {
        String id = jwk.getCurve() + "\0" + jwk.getX() + "\0" + jwk.getY();
        CachedKey cached = keys.get(id);
        if (cached == null) {
            PublicKey key;
            try {
                key = Jwks.publicKey(jwk);
            } catch (CryptoException e) {
                throw OAuthException.invalidDpopProof("DPoP proof key is unusable: " + e.getMessage());
            }
            JwtVerifier verifier = JwtVerifier.ecdsa(key).withClock(clock).withExpirationRequired(false)
                    .withClockSkew(MAX_IAT_SKEW).withMaxAge(MAX_AGE);
            cached = new CachedKey(verifier, thumbprint(jwk));
            keys.put(id, cached);
        }
        if (!cached.verifier().algorithm().equals(alg)) {
            throw OAuthException.invalidDpopProof("DPoP proof alg does not match its key's curve");
        }
        return cached;
    }

    private static VerifiedJwt checkSignature(String proof, JwtVerifier verifier) {
        try {
            return verifier.verify(proof);
        } catch (JwtException e) {
            throw OAuthException.invalidDpopProof("DPoP proof refused: " + e.getMessage());
        }
    }

    private static ECKey publicJwk(JWK jwk) {
        if (!(jwk instanceof ECKey)) {
            throw OAuthException.invalidDpopProof("DPoP proof must carry an EC public key in its jwk header");
        }
        if (jwk.isPrivate()) {
            throw OAuthException.invalidDpopProof("DPoP proof jwk must not contain a private key");
        }
        return (ECKey) jwk;
    }

    /** The RFC 7638 SHA-256 thumbprint, base64url: the {@code jkt} tokens are bound to. */
    public static String thumbprint(ECKey jwk) {
        try {
            return jwk.toPublicJWK().computeThumbprint("SHA-256").toString();
        } catch (JOSEException e) {
            throw OAuthException.invalidDpopProof("Cannot compute the DPoP key thumbprint");
        }
    }

    /** base64url(SHA-256(token)), the {@code ath} claim. */
    public static String accessTokenHash(String token) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /**
     * Scheme and host in lower case, default port dropped, path normalized, query and fragment
     * dropped (RFC 9449 compares htu without them, after syntax-based normalization).
     */
    static String normalizeUrl(String url) {
        URI uri;
        try {
            uri = new URI(url).normalize();
        } catch (URISyntaxException e) {
            throw OAuthException.invalidDpopProof("DPoP htu is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw OAuthException.invalidDpopProof("DPoP htu must be an http or https URL");
        }
        if (uri.getRawUserInfo() != null || uri.getHost() == null) {
            throw OAuthException.invalidDpopProof("DPoP htu must have a host and no credentials");
        }
        int port = uri.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port) + path;
    }

    private static String stringClaim(JWTClaimsSet claims, String name) {
        String value = optionalString(claims, name);
        if (value == null) {
            throw OAuthException.invalidDpopProof("DPoP " + name + " claim missing");
        }
        return value;
    }

    private static String optionalString(JWTClaimsSet claims, String name) {
        try {
            return claims.getStringClaim(name);
        } catch (ParseException e) {
            throw OAuthException.invalidDpopProof("DPoP " + name + " claim must be a string");
        }
    }
}
