package dev.pds.e2e.oauth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.pds.crypto.Curve;
import dev.pds.crypto.Keypair;
import dev.pds.crypto.jwk.Jwks;
import dev.pds.crypto.jwt.JwtSigner;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;

/** A client's DPoP key (P-256) and the proofs it signs, as an OAuth client library would make them. */
final class DpopKey {
    final Keypair keypair = Keypair.generate(Curve.P256);
    final ECKey jwk = Jwks.publicJwk(keypair.publicKey());
    private final JwtSigner signer = JwtSigner.ecdsa(keypair);

    String proof(String method, String url, String nonce, String accessToken) {
        return proof(method, url, nonce, accessToken, Instant.now(), UUID.randomUUID().toString());
    }

    String proof(String method, String url, String nonce, String accessToken, Instant iat, String jti) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().jwtID(jti).claim("htm", method).claim("htu", url)
                .issueTime(Date.from(iat));
        if (nonce != null) {
            claims.claim("nonce", nonce);
        }
        if (accessToken != null) {
            claims.claim("ath", sha256(accessToken));
        }
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt")).jwk(jwk).build();
        return signer.sign(header, claims.build());
    }

    String thumbprint() throws Exception {
        return jwk.computeThumbprint("SHA-256").toString();
    }

    static String sha256(String s) {
        try {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
