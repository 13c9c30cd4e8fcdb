package dev.pds.server.proxy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.pds.crypto.Keypair;
import dev.pds.crypto.jwt.JwtSigner;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;

/**
 * The inter-service JWT a forwarded call carries, signed with the account's repo signing key,
 * as the reference's {@code createServiceJwt} makes it: {@code iss} the account, {@code aud} the
 * service's DID, {@code lxm} the method, a minute to live and a random {@code jti}.
 */
public final class ServiceAuthToken {
    /** How long the token is good for (the reference's default). */
    public static final Duration LIFETIME = Duration.ofMinutes(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private ServiceAuthToken() {
    }

    public static String create(Keypair key, String iss, String aud, String lxm, Clock clock) {
        return create(key, iss, aud, lxm, clock.instant().getEpochSecond() + LIFETIME.toSeconds(), clock);
    }

    /**
     * @param lxm the method the token is bound to, or null for none
     * @param exp expiry in Unix seconds
     */
    public static String create(Keypair key, String iss, String aud, String lxm, long exp, Clock clock) {
        long iat = clock.instant().getEpochSecond();
        byte[] jti = new byte[16];
        RANDOM.nextBytes(jti);
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issueTime(new Date(iat * 1000))
                .issuer(iss)
                .audience(aud)
                .expirationTime(new Date(exp * 1000))
                .jwtID(java.util.HexFormat.of().formatHex(jti));
        if (lxm != null) {
            claims.claim("lxm", lxm);
        }
        JwtSigner signer = JwtSigner.ecdsa(key);
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.parse(signer.algorithm())).type(JOSEObjectType.JWT).build();
        return signer.sign(header, claims.build());
    }
}
