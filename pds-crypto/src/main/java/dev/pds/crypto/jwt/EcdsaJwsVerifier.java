package dev.pds.crypto.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import dev.pds.crypto.PublicKey;
import java.util.Set;

/**
 * A Nimbus verifier backed by our {@link PublicKey}: accepts only the key's own algorithm and
 * the 64-byte {@code r||s} form; high-S only when built to allow it.
 */
final class EcdsaJwsVerifier implements JWSVerifier {
    private final PublicKey key;
    private final JWSAlgorithm algorithm;
    private final boolean allowHighS;
    private final JCAContext jcaContext = new JCAContext();

    EcdsaJwsVerifier(PublicKey key, boolean allowHighS) {
        this.key = key;
        this.allowHighS = allowHighS;
        this.algorithm = JWSAlgorithm.parse(key.curve().jwtAlgorithm());
    }

    PublicKey key() {
        return key;
    }

    @Override
    public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) {
        // no critical header extensions are understood here, so any "crit" means reject
        if (!algorithm.equals(header.getAlgorithm()) || header.getCriticalParams() != null) {
            return false;
        }
        byte[] sig = signature.decode();
        return allowHighS ? key.verifyAllowingHighS(signingInput, sig) : key.verify(signingInput, sig);
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
