package dev.pds.crypto.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import dev.pds.crypto.Keypair;
import java.util.Set;

/**
 * A Nimbus signer backed by our {@link Keypair}: ES256K/ES256 JWS signatures are the same
 * 64-byte {@code r||s} as repo signatures, so they come out low-S and need no JCA provider.
 */
final class EcdsaJwsSigner implements JWSSigner {
    private final Keypair keypair;
    private final JWSAlgorithm algorithm;
    private final JCAContext jcaContext = new JCAContext();

    EcdsaJwsSigner(Keypair keypair) {
        this.keypair = keypair;
        this.algorithm = JWSAlgorithm.parse(keypair.curve().jwtAlgorithm());
    }

    @Override
    public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
        if (!algorithm.equals(header.getAlgorithm())) {
            throw new JOSEException("this " + keypair.curve() + " key signs " + algorithm + " only, not "
                    + header.getAlgorithm());
        }
        return Base64URL.encode(keypair.sign(signingInput));
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
