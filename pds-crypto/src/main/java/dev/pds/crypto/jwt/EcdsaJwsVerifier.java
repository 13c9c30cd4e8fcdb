package dev.pds.crypto.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import dev.pds.crypto.PublicKey;
import java.util.Set;

/**
 * A Nimbus verifier backed by our {@link PublicKey#verify}: accepts only the key's own
 * algorithm and low-S {@code r||s} signatures, like every other atproto signature.
 */
final class EcdsaJwsVerifier implements JWSVerifier {
    private final PublicKey key;
    private final JWSAlgorithm algorithm;
    private final JCAContext jcaContext = new JCAContext();

    EcdsaJwsVerifier(PublicKey key) {
        this.key = key;
        this.algorithm = JWSAlgorithm.parse(key.curve().jwtAlgorithm());
    }

    @Override
    public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) {
        // no critical header extensions are understood here, so any "crit" means reject
        if (!algorithm.equals(header.getAlgorithm()) || header.getCriticalParams() != null) {
            return false;
        }
        return key.verify(signingInput, signature.decode());
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
        return Set.of(algorithm);
    }

    @Override
    public JCAContext getJCAContext() {
        return jcaContext;
    }
}
