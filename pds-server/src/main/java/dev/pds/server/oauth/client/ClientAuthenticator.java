package dev.pds.server.oauth.client;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.pds.crypto.CryptoException;
import dev.pds.crypto.jwk.Jwks;
import dev.pds.crypto.jwt.JwtException;
import dev.pds.crypto.jwt.JwtVerifier;
import dev.pds.crypto.jwt.UnverifiedJwt;
import dev.pds.crypto.jwt.VerifiedJwt;
import dev.pds.server.oauth.OAuthException;
import dev.pds.server.oauth.dpop.DpopVerifier;
import dev.pds.server.oauth.dpop.ReplayCache;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Authenticates clients at the PAR, token and revocation endpoints. Public clients send only
 * their {@code client_id}; confidential ones a {@code private_key_jwt} assertion (RFC 7523):
 * signed with a key of their metadata in the declared alg, {@code iss} and {@code sub} the
 * client id, {@code aud} our issuer, issued within the last minute, a {@code jti} never used before.
 */
public final class ClientAuthenticator {
    public static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    static final Duration MAX_AGE = Duration.ofMinutes(1);

    private final String issuer;
    private final ReplayCache replays;
    private final Clock clock;

    public ClientAuthenticator(String issuer, ReplayCache replays, Clock clock) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.replays = Objects.requireNonNull(replays, "replays");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param assertionType the client_assertion_type parameter, if sent
     * @param assertion     the client_assertion parameter, if sent
     */
    public ClientAuth authenticate(ClientMetadata client, Optional<String> assertionType, Optional<String> assertion) {
        if (!client.isConfidential()) {
            if (assertionType.isPresent() || assertion.isPresent()) {
                throw OAuthException.invalidClient("This client is public (token_endpoint_auth_method none): "
                        + "it must not send a client assertion");
            }
            return ClientAuth.NONE;
        }
        if (assertion.isEmpty() || !assertionType.equals(Optional.of(ASSERTION_TYPE))) {
            throw OAuthException.invalidClient("This client authenticates with private_key_jwt: client_assertion_type "
                    + ASSERTION_TYPE + " and a client_assertion are required");
        }
        UnverifiedJwt unverified;
        try {
            unverified = UnverifiedJwt.parse(assertion.get());
        } catch (JwtException e) {
            throw OAuthException.invalidClient("client_assertion is not a signed JWT");
        }
        JWSHeader header = unverified.header();
        String alg = header.getAlgorithm().getName();
        if (!client.authAlg().equals(Optional.of(alg))) {
            throw OAuthException.invalidClient("client_assertion alg must be " + client.authAlg().orElse("?"));
        }
        String kid = header.getKeyID();
        List<ECKey> candidates = client.jwks().stream()
                .filter(k -> kid == null || kid.equals(k.getKeyID()))
                .filter(k -> k.getAlgorithm() == null || k.getAlgorithm().getName().equals(alg))
                .toList();
        if (candidates.isEmpty()) {
            throw OAuthException.invalidClient("No key of the client's JWKS matches the client_assertion (kid "
                    + kid + ", alg " + alg + ")");
        }
        for (ECKey key : candidates) {
            Optional<VerifiedJwt> verified = tryVerify(assertion.get(), key, alg);
            if (verified.isPresent()) {
                checkClaims(client, verified.get().claims());
                return new ClientAuth(ClientMetadata.PRIVATE_KEY_JWT, Optional.ofNullable(kid), Optional.of(alg),
                        Optional.of(DpopVerifier.thumbprint(key)));
            }
        }
        throw OAuthException.invalidClient("client_assertion signature does not verify with the client's keys");
    }

    private Optional<VerifiedJwt> tryVerify(String token, ECKey key, String alg) {
        JwtVerifier verifier;
        try {
            verifier = JwtVerifier.ecdsa(Jwks.publicKey(key)).withClock(clock).withAudience(issuer).withMaxAge(MAX_AGE)
                    .withExpirationRequired(false);
        } catch (CryptoException e) {
            return Optional.empty();
        }
        if (!verifier.algorithm().equals(alg)) {
            return Optional.empty();
        }
        try {
            return Optional.of(verifier.verify(token));
        } catch (JwtException e) {
            if (e.getMessage() != null && e.getMessage().contains("signature")) {
                return Optional.empty();
            }
            throw OAuthException.invalidClient("client_assertion refused: " + e.getMessage());
        }
    }

    private void checkClaims(ClientMetadata client, JWTClaimsSet claims) {
        String id = client.clientId().value();
        if (!id.equals(claims.getIssuer()) || !id.equals(claims.getSubject())) {
            throw OAuthException.invalidClient("client_assertion iss and sub must both be the client_id");
        }
        String jti;
        try {
            jti = claims.getStringClaim("jti");
        } catch (ParseException e) {
            jti = null;
        }
        if (jti == null || jti.isEmpty() || jti.length() > 256) {
            throw OAuthException.invalidClient("client_assertion must have a jti");
        }
        if (!replays.firstUse("assertion:" + id + "\0" + jti)) {
            throw OAuthException.invalidClient("client_assertion jti was already used");
        }
    }
}
