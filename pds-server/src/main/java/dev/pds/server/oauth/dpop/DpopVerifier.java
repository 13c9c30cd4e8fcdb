package dev.pds.server.oauth.dpop;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.ECKey;
import dev.pds.server.oauth.OAuthException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
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

    /** Each kept key holds Bouncy Castle's precomputed multiples of its point (some KB): a bound in memory too. */
    static final int MAX_CACHED_KEYS = 2_000;

    private final DpopNonces nonces;
    private final ProofKeys keys = new ProofKeys(MAX_CACHED_KEYS);
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

    /** How many proof keys are kept decoded. */
    int cachedKeys() {
        return keys.size();
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
        ProofJwt jwt = ProofJwt.parse(proof);
        if (!"dpop+jwt".equals(jwt.headerString("typ"))) {
            throw OAuthException.invalidDpopProof("DPoP proof typ must be dpop+jwt");
        }
        String alg = jwt.headerString("alg");
        if (alg == null || !ALGORITHMS.contains(alg)) {
            throw OAuthException.invalidDpopProof("DPoP proof alg must be one of " + ALGORITHMS);
        }
        if (jwt.header().has("crit")) {
            // no critical header extension is understood here, so any "crit" means reject
            throw OAuthException.invalidDpopProof("DPoP proof refused: unsupported critical header parameters");
        }
        ProofKeys.Key key = keys.forJwk(jwt.header().get("jwk"));
        if (!key.key().curve().jwtAlgorithm().equals(alg)) {
            throw OAuthException.invalidDpopProof("DPoP proof alg does not match its key's curve");
        }
        if (!key.key().verifyAllowingHighS(jwt.signingInput(), jwt.signature())) {
            throw OAuthException.invalidDpopProof("DPoP proof refused: JWT signature does not verify");
        }
        checkTimes(jwt);
        String jti = required(jwt, "jti");
        String htm = required(jwt, "htm");
        String htu = required(jwt, "htu");
        String nonce = jwt.claimString("nonce");
        String ath = jwt.claimString("ath");
        if (jti.isEmpty() || jti.length() > MAX_JTI_LENGTH) {
            throw OAuthException.invalidDpopProof("DPoP jti missing or too long");
        }
        if (!method.equals(htm)) {
            throw OAuthException.invalidDpopProof("DPoP htm mismatch");
        }
        // the same string needs no normalizing (url is ours, so well formed)
        if (!htu.equals(url) && !normalizeUrl(htu).equals(normalizeUrl(url))) {
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

    /**
     * iat is required, at most {@link #MAX_IAT_SKEW} ahead of our clock and at most
     * {@link #MAX_AGE} (plus the skew) old; exp and nbf, which proofs rarely carry, are
     * honoured when present.
     */
    private void checkTimes(ProofJwt jwt) {
        long now = clock.millis();
        long skew = MAX_IAT_SKEW.toMillis();
        Long iat = jwt.claimSeconds("iat");
        Long exp = jwt.claimSeconds("exp");
        Long nbf = jwt.claimSeconds("nbf");
        if (exp != null && now > millis(exp) + skew) {
            throw OAuthException.invalidDpopProof("DPoP proof refused: token expired");
        }
        if (nbf != null && now + skew < millis(nbf)) {
            throw OAuthException.invalidDpopProof("DPoP proof refused: token not valid yet");
        }
        if (iat == null) {
            throw OAuthException.invalidDpopProof("DPoP proof refused: token has no iat");
        }
        if (now + skew < millis(iat)) {
            throw OAuthException.invalidDpopProof("DPoP proof refused: token issued in the future");
        }
        if (millis(iat) + MAX_AGE.toMillis() + skew < now) {
            throw OAuthException.invalidDpopProof("DPoP proof refused: token issued too long ago");
        }
    }

    /** Seconds to milliseconds, saturating: a huge NumericDate must not wrap round. */
    private static long millis(long seconds) {
        return seconds > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE / 2 : seconds < Long.MIN_VALUE / 1000 ? Long.MIN_VALUE / 2
                : seconds * 1000;
    }

    private static String required(ProofJwt jwt, String claim) {
        String value = jwt.claimString(claim);
        if (value == null) {
            throw OAuthException.invalidDpopProof("DPoP " + claim + " claim missing");
        }
        return value;
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


}
