package dev.pds.server.oauth.dpop;

import java.util.Objects;

/**
 * A DPoP proof that passed every check: its signature by the key in its header, its method
 * and URL, its freshness, the server nonce and, for resource requests, the access token hash.
 *
 * @param jkt the RFC 7638 SHA-256 thumbprint of the proof's public key (base64url): what tokens are bound to
 * @param jti the proof's unique id, already recorded against replay
 */
public record DpopProof(String jkt, String jti, String htm, String htu) {
    public DpopProof {
        Objects.requireNonNull(jkt, "jkt");
        Objects.requireNonNull(jti, "jti");
        Objects.requireNonNull(htm, "htm");
        Objects.requireNonNull(htu, "htu");
    }
}
