package dev.pds.crypto.jwt;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.util.Objects;

/**
 * The header and claims of a token read WITHOUT checking anything: only for choosing the key
 * to verify it with (service auth: {@code iss} names the DID whose key signed it). Never act
 * on these claims; pass the token to a {@link JwtVerifier}.
 */
public record UnverifiedJwt(JWSHeader header, JWTClaimsSet claims) {

    /** @throws InvalidJwtException if the token is not a well-formed signed JWT */
    public static UnverifiedJwt parse(String token) {
        SignedJWT jwt = parseSigned(token);
        return new UnverifiedJwt(jwt.getHeader(), claimsOf(jwt));
    }

    static SignedJWT parseSigned(String token) {
        Objects.requireNonNull(token, "token");
        if (token.length() > JwtVerifier.MAX_TOKEN_LENGTH) {
            throw new InvalidJwtException("token longer than " + JwtVerifier.MAX_TOKEN_LENGTH + " characters");
        }
        try {
            return SignedJWT.parse(token);
        } catch (ParseException | RuntimeException e) {
            throw new InvalidJwtException("malformed JWT: " + e.getMessage(), e);
        }
    }

    static JWTClaimsSet claimsOf(SignedJWT jwt) {
        try {
            return jwt.getJWTClaimsSet();
        } catch (ParseException | RuntimeException e) {
            throw new InvalidJwtException("malformed JWT claims: " + e.getMessage(), e);
        }
    }

    /** The JWS {@code alg} named in the header (unchecked). */
    public String algorithm() {
        return header.getAlgorithm().getName();
    }
}
