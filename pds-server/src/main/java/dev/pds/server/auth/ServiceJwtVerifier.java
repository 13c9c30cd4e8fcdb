package dev.pds.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pds.core.error.ErrorStatus;
import dev.pds.core.error.XrpcException;
import dev.pds.core.syntax.Did;
import dev.pds.crypto.DidKey;
import dev.pds.crypto.jwt.JwtVerifier;
import dev.pds.server.xrpc.XrpcJson;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Service auth coming in: a JWT signed with the atproto key of its issuer's DID document, for one
 * method of this server (an account moving here proves with it, signed by its old server, that it
 * controls its DID). Checked in the order, and with the error names, of the reference's
 * {@code verifyJwt}: format, type, expiry, audience (our service DID), method ({@code lxm}),
 * issuer, then the signature against the issuer's current key. An issuer may name one of its
 * services ({@code <did>#atproto_labeler}); the key lookup decides which key of the DID that is.
 */
public final class ServiceJwtVerifier {
    private static final Set<String> REFUSED_TYPES = Set.of("at+jwt", "refresh+jwt", "dpop+jwt");

    private final String serviceDid;
    private final Function<String, Optional<String>> signingKeys;
    private final Clock clock;
    /** When set, the only issuers accepted ({@code iss}, fragment included). */
    private final Set<String> trusted;

    /**
     * @param signingKeys the did:key that signs for an issuer ({@code iss}, fragment included),
     *     looked up afresh (empty when the DID cannot be resolved or names no such key)
     */
    public ServiceJwtVerifier(String serviceDid, Function<String, Optional<String>> signingKeys, Clock clock) {
        this.serviceDid = Objects.requireNonNull(serviceDid, "serviceDid");
        this.signingKeys = Objects.requireNonNull(signingKeys, "signingKeys");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.trusted = null;
    }

    private ServiceJwtVerifier(ServiceJwtVerifier base, Set<String> trusted) {
        this.serviceDid = base.serviceDid;
        this.signingKeys = base.signingKeys;
        this.clock = base.clock;
        this.trusted = Set.copyOf(trusted);
    }

    /**
     * This verifier accepting only tokens {@code issuers} signed (401 UntrustedIss for others), as
     * the reference accepts its moderation service's: its DID or {@code <did>#atproto_labeler}.
     */
    public ServiceJwtVerifier trusting(Set<String> issuers) {
        return new ServiceJwtVerifier(this, issuers);
    }

    /** The bearer token of an Authorization header value, if it is one. */
    public static Optional<String> bearer(Optional<String> authorization) {
        return authorization.filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7)).map(h -> h.substring(7).trim());
    }

    /** The issuer (a DID) of {@code token} when it is good for a call of {@code lxm} here; 401 otherwise. */
    public String verify(String token, String lxm) {
        String iss = precheck(token, lxm);
        String key = signingKeys.apply(iss).orElseThrow(() -> refused("BadJwtSignature", "could not resolve iss did"));
        try {
            // the expiry was checked above, to the second, as the reference does
            JwtVerifier.ecdsa(DidKey.parse(key)).withClock(clock).withClockSkew(Duration.ofDays(365 * 100L))
                    .verify(token);
        } catch (RuntimeException e) {
            throw refused("BadJwtSignature", "jwt signature does not match jwt issuer");
        }
        return iss;
    }

    /**
     * As {@link #verify}, without the issuer's key: format, type, expiry, audience, method and
     * issuer, so that a token that cannot pass is refused before a large body is read.
     */
    public String precheck(String token, String lxm) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || token.length() > JwtVerifier.MAX_TOKEN_LENGTH) {
            throw refused("BadJwt", "poorly formatted jwt");
        }
        JsonNode header = decode(parts[0]);
        JsonNode payload = decode(parts[1]);
        String type = header.path("typ").asText(null);
        if (type != null && REFUSED_TYPES.contains(type)) {
            throw refused("BadJwtType", "Invalid jwt type \"" + type + "\"");
        }
        if (!payload.path("exp").isNumber()) {
            throw refused("BadJwt", "poorly formatted jwt");
        }
        if (clock.instant().getEpochSecond() > payload.path("exp").asLong()) {
            throw refused("JwtExpired", "jwt expired");
        }
        if (!serviceDid.equals(payload.path("aud").asText(null))) {
            throw refused("BadJwtAudience", "jwt audience does not match service did");
        }
        if (!lxm.equals(payload.path("lxm").asText(null))) {
            throw refused("BadJwtLexiconMethod", (payload.has("lxm") ? "bad" : "missing")
                    + " jwt lexicon method (\"lxm\"). must match: " + lxm);
        }
        String iss = payload.path("iss").asText("");
        int fragment = iss.indexOf('#');
        if (!Did.isValid(fragment < 0 ? iss : iss.substring(0, fragment))) {
            throw refused("BadJwtIss", "jwt iss is not a valid did");
        }
        if (trusted != null && !trusted.contains(iss)) {
            throw refused("UntrustedIss", "Untrusted issuer");
        }
        return iss;
    }

    private static JsonNode decode(String part) {
        JsonNode node;
        try {
            node = XrpcJson.parse(Base64.getUrlDecoder().decode(part));
        } catch (RuntimeException e) {
            throw refused("BadJwt", "poorly formatted jwt");
        }
        if (!node.isObject()) {
            throw refused("BadJwt", "poorly formatted jwt");
        }
        return node;
    }

    private static XrpcException refused(String error, String message) {
        return new XrpcException(ErrorStatus.AUTHENTICATION_REQUIRED, error, message);
    }
}
