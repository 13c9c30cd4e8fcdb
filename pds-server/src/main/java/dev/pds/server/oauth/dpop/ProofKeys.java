package dev.pds.server.oauth.dpop;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pds.crypto.CryptoException;
import dev.pds.crypto.Curve;
import dev.pds.crypto.PublicKey;
import dev.pds.crypto.jwk.Jwks;
import dev.pds.server.cache.LruCache;
import dev.pds.server.oauth.OAuthException;
import java.util.Base64;

/**
 * The public keys of DPoP proofs, decoded from their {@code jwk} header once per key: a client
 * signs every proof of a session with the same key, so the point check, the thumbprint and
 * Bouncy Castle's precomputed multiples of the point (kept on the decoded point, which makes
 * later verifications cheaper) are worth keeping. Bounded, least recently used out first. A
 * cached key only saves decoding: every proof's signature is still checked against it.
 */
final class ProofKeys {
    private static final int COORDINATE_CHARS = 43; // 32 bytes, unpadded base64url

    /** A proof key: the point, and the RFC 7638 thumbprint that tokens are bound to ({@code jkt}). */
    record Key(PublicKey key, String thumbprint) {
    }

    private final LruCache<String, Key> keys;

    ProofKeys(int maxKeys) {
        this.keys = new LruCache<>(maxKeys);
    }

    /**
     * The key of a proof's {@code jwk} header member: an EC public JWK (kty EC, crv P-256 or
     * secp256k1, x and y of 32 bytes each, a point on the curve, no private part).
     *
     * @throws OAuthException invalid_dpop_proof for anything else
     */
    Key forJwk(JsonNode jwk) {
        if (jwk == null || !jwk.isObject()) {
            throw OAuthException.invalidDpopProof("DPoP proof must carry an EC public key in its jwk header");
        }
        if (!"EC".equals(ProofJwt.string(jwk, "kty", "jwk kty"))) {
            throw OAuthException.invalidDpopProof("DPoP proof must carry an EC public key in its jwk header");
        }
        if (jwk.has("d")) {
            throw OAuthException.invalidDpopProof("DPoP proof jwk must not contain a private key");
        }
        String crv = ProofJwt.string(jwk, "crv", "jwk crv");
        String x = ProofJwt.string(jwk, "x", "jwk x");
        String y = ProofJwt.string(jwk, "y", "jwk y");
        if (crv == null || x == null || y == null || x.length() != COORDINATE_CHARS || y.length() != COORDINATE_CHARS) {
            throw OAuthException.invalidDpopProof("DPoP proof key is unusable: crv, x and y (32 bytes each) required");
        }
        String id = crv + '\0' + x + '\0' + y;
        Key cached = keys.get(id);
        if (cached != null) {
            return cached;
        }
        Key decoded = decode(crv, x, y);
        keys.put(id, decoded);
        return decoded;
    }

    int size() {
        return keys.size();
    }

    private static Key decode(String crv, String x, String y) {
        PublicKey key;
        try {
            Curve curve = Curve.forJwkCurve(crv);
            byte[] point = new byte[65];
            point[0] = 4;
            System.arraycopy(coordinate(x), 0, point, 1, 32);
            System.arraycopy(coordinate(y), 0, point, 33, 32);
            key = PublicKey.fromBytes(curve, point);
        } catch (CryptoException | IllegalArgumentException e) {
            throw OAuthException.invalidDpopProof("DPoP proof key is unusable: " + e.getMessage());
        }
        // the thumbprint of the canonical JWK of the point, so one key has one thumbprint
        return new Key(key, DpopVerifier.thumbprint(Jwks.publicJwk(key)));
    }

    private static byte[] coordinate(String base64url) {
        byte[] bytes = Base64.getUrlDecoder().decode(base64url);
        if (bytes.length != 32) {
            throw new IllegalArgumentException("JWK coordinates must be 32 bytes");
        }
        return bytes;
    }
}
