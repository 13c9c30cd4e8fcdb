package dev.pds.crypto.jwt;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;

/** A token whose signature, algorithm and time and audience claims have been checked. */
public record VerifiedJwt(JWSHeader header, JWTClaimsSet claims) {
    /** The header's {@code typ}, or null when absent. */
    public String type() {
        return header.getType() == null ? null : header.getType().getType();
    }
}
