package dev.pds.server.oauth.dpop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.crypto.Curve;
import dev.pds.crypto.Keypair;
import dev.pds.crypto.jwk.Jwks;
import dev.pds.server.oauth.OAuthException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every check of a DPoP proof, good and bad, on hand-made compact JWTs (so that malformed
 * headers can be made too), and the key cache: it saves decoding only, never a signature check.
 */
class DpopVerifierTest {
    static final String URL = "https://pds.example/xrpc/com.atproto.repo.createRecord";
    static final String TOKEN = "access-token-value";
    static final Instant NOW = Instant.parse("2025-01-01T00:00:30Z");
    static final BigInteger P256_ORDER = new BigInteger(
            "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final DpopNonces nonces = new DpopNonces(new byte[32], Duration.ofMinutes(1), clock);
    final DpopVerifier verifier = new DpopVerifier(nonces, new ReplayCache(Duration.ofMinutes(5), 1000, clock), clock);
    final Keypair key = Keypair.generate(Curve.P256);

    static String b64(String s) {
        return b64(s.getBytes(StandardCharsets.UTF_8));
    }

    static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String jwk(Keypair k) {
        return Jwks.publicJwk(k.publicKey()).toJSONString();
    }

    static String header(Keypair k) {
        String alg = k.curve().jwtAlgorithm();
        return "{\"typ\":\"dpop+jwt\",\"alg\":\"" + alg + "\",\"jwk\":" + jwk(k) + "}";
    }

    String claims(long iat) {
        return "{\"jti\":\"" + UUID.randomUUID() + "\",\"htm\":\"POST\",\"htu\":\"" + URL + "\",\"iat\":" + iat
                + ",\"nonce\":\"" + nonces.next() + "\",\"ath\":\"" + DpopVerifier.accessTokenHash(TOKEN) + "\"}";
    }

    String claims() {
        return claims(NOW.getEpochSecond());
    }

    static String sign(Keypair signer, String header, String claims) {
        String input = b64(header) + "." + b64(claims);
        return input + "." + b64(signer.sign(input.getBytes(StandardCharsets.US_ASCII)));
    }

    DpopProof verify(String proof) {
        return verifier.verify(List.of(proof), "POST", URL, TOKEN);
    }

    void refused(String proof, String error, String descriptionPart) {
        OAuthException e = assertThrows(OAuthException.class, () -> verify(proof));
        assertEquals(error, e.error(), e.description());
        assertTrue(e.description().contains(descriptionPart), e.description());
    }

    @Test
    void aGoodProofGivesItsKeysThumbprintOnceOnly() throws Exception {
        String proof = sign(key, header(key), claims());
        DpopProof checked = verify(proof);
        assertEquals(Jwks.publicJwk(key.publicKey()).computeThumbprint("SHA-256").toString(), checked.jkt());
        assertEquals("POST", checked.htm());
        refused(proof, "invalid_dpop_proof", "replayed");
        assertNull(verifier.verify(List.of(), "POST", URL, TOKEN), "no DPoP header, no proof");
    }

    @Test
    void highSSignaturesAndEs256kKeysAreAccepted() {
        String h = header(key);
        String c = claims();
        String input = b64(h) + "." + b64(c);
        byte[] sig = key.sign(input.getBytes(StandardCharsets.US_ASCII));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
        byte[] high = P256_ORDER.subtract(s).toByteArray();
        byte[] twin = Arrays.copyOf(sig, 64);
        Arrays.fill(twin, 32, 64, (byte) 0);
        System.arraycopy(high, Math.max(0, high.length - 32), twin, 64 - Math.min(32, high.length), Math.min(32, high.length));
        verify(input + "." + b64(twin));

        Keypair k256 = Keypair.generate(Curve.K256);
        verify(sign(k256, header(k256), claims()));
    }

    @Test
    void aCachedKeyNeverVouchesForAProofItDidNotSign() {
        verify(sign(key, header(key), claims()));
        assertEquals(1, verifier.cachedKeys());
        // the cached key in the header, a signature by another key
        Keypair other = Keypair.generate(Curve.P256);
        refused(sign(other, header(key), claims()), "invalid_dpop_proof", "signature");
        // a signature over other claims than those sent
        String good = sign(key, header(key), claims());
        String swapped = good.substring(0, good.indexOf('.') + 1) + b64(claims()) + good.substring(good.lastIndexOf('.'));
        refused(swapped, "invalid_dpop_proof", "signature");
        // each key has its own entry and thumbprint
        DpopProof second = verify(sign(other, header(other), claims()));
        assertEquals(2, verifier.cachedKeys());
        assertNotEquals(verify(sign(key, header(key), claims())).jkt(), second.jkt());
        assertEquals(2, verifier.cachedKeys());
    }

    @Test
    void theKeyCacheIsBounded() {
        ProofKeys keys = new ProofKeys(3);
        for (int i = 0; i < 5; i++) {
            Keypair k = Keypair.generate(Curve.P256);
            ProofKeys.Key decoded = keys.forJwk(ProofJwt.parse(sign(k, header(k), claims())).header().get("jwk"));
            assertEquals(k.publicKey(), decoded.key());
        }
        assertEquals(3, keys.size());
        assertThrows(IllegalArgumentException.class, () -> new ProofKeys(0));
    }

    @Test
    void requestBindingIsChecked() {
        refused(sign(key, header(key), claims().replace("\"POST\"", "\"GET\"")), "invalid_dpop_proof", "htm");
        refused(sign(key, header(key), claims().replace(URL, URL + "x")), "invalid_dpop_proof", "htu");
        refused(sign(key, header(key), claims().replace(URL, "ftp://pds.example/x")), "invalid_dpop_proof", "htu");
        // the same URL written differently is the same URL
        verify(sign(key, header(key), claims().replace("https://pds.example/", "HTTPS://PDS.example:443/")));
        refused(sign(key, header(key), claims().replace("\"ath\":\"", "\"ath\":\"x")), "invalid_dpop_proof", "ath");
        String noAth = claims().replaceAll(",\"ath\":\"[^\"]*\"", "");
        refused(sign(key, header(key), noAth), "invalid_dpop_proof", "ath");
        OAuthException athWithoutToken = assertThrows(OAuthException.class,
                () -> verifier.verify(List.of(sign(key, header(key), claims())), "POST", URL, null));
        assertTrue(athWithoutToken.description().contains("ath claim not allowed"), athWithoutToken.description());
        refused(sign(key, header(key), claims().replaceAll(",\"nonce\":\"[^\"]*\"", "")), "use_dpop_nonce", "nonce");
        refused(sign(key, header(key), claims().replaceAll("\"nonce\":\"[^\"]*\"", "\"nonce\":\"stale\"")), "use_dpop_nonce",
                "nonce");
        refused(sign(key, header(key), claims().replaceAll("\"jti\":\"[^\"]*\",", "")), "invalid_dpop_proof", "jti");
        refused(sign(key, header(key), claims().replaceAll("\"jti\":\"[^\"]*\"", "\"jti\":\"" + "j".repeat(257) + "\"")),
                "invalid_dpop_proof", "jti");
        refused(sign(key, header(key), claims().replace("\"POST\"", "7")), "invalid_dpop_proof", "must be a string");
    }

    @Test
    void timesAreChecked() {
        long now = NOW.getEpochSecond();
        verify(sign(key, header(key), claims(now - 10)));
        verify(sign(key, header(key), claims(now + 170)));
        refused(sign(key, header(key), claims(now + 200)), "invalid_dpop_proof", "future");
        refused(sign(key, header(key), claims(now - 10 - 200)), "invalid_dpop_proof", "too long ago");
        refused(sign(key, header(key), claims().replaceAll(",\"iat\":[0-9]+", "")), "invalid_dpop_proof", "iat");
        refused(sign(key, header(key), claims().replaceAll("\"iat\":[0-9]+", "\"iat\":\"" + now + "\"")),
                "invalid_dpop_proof", "number");
        refused(sign(key, header(key), claims().replace("{", "{\"exp\":" + (now - 300) + ",")), "invalid_dpop_proof",
                "expired");
        refused(sign(key, header(key), claims().replace("{", "{\"nbf\":" + (now + 300) + ",")), "invalid_dpop_proof",
                "not valid yet");
        refused(sign(key, header(key), claims().replace("{", "{\"nbf\":9223372036854775807,")), "invalid_dpop_proof",
                "not valid yet");
    }

    @Test
    void badHeadersAreRefused() {
        String c = claims();
        String jwk = jwk(key);
        refused(sign(key, header(key).replace("dpop+jwt", "JWT"), c), "invalid_dpop_proof", "typ");
        refused(sign(key, "{\"alg\":\"ES256\",\"jwk\":" + jwk + "}", c), "invalid_dpop_proof", "typ");
        refused(sign(key, header(key).replace("ES256", "HS256"), c), "invalid_dpop_proof", "alg");
        refused(sign(key, header(key).replace("ES256", "none"), c), "invalid_dpop_proof", "alg");
        refused(sign(key, header(key).replace("ES256", "ES256K"), c), "invalid_dpop_proof", "curve");
        refused(sign(key, header(key).replace("{\"typ\"", "{\"crit\":[\"b64\"],\"typ\""), c), "invalid_dpop_proof",
                "critical");
        refused(sign(key, "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\"}", c), "invalid_dpop_proof", "jwk");
        refused(sign(key, header(key).replace("\"kty\":\"EC\"", "\"kty\":\"OKP\""), c), "invalid_dpop_proof", "EC");
        String priv = Jwks.privateJwk(key).toJSONString();
        refused(sign(key, "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":" + priv + "}", c), "invalid_dpop_proof",
                "private");
        refused(sign(key, header(key).replace("\"P-256\"", "\"P-384\""), c), "invalid_dpop_proof", "unusable");
        // a point off the curve: y changed
        String y = Jwks.publicJwk(key.publicKey()).getY().toString();
        String badY = (y.charAt(0) == 'A' ? "B" : "A") + y.substring(1);
        refused(sign(key, header(key).replace(y, badY), c), "invalid_dpop_proof", "unusable");
        // a member given twice could mean two things: refused
        refused(sign(key, "{\"typ\":\"dpop+jwt\",\"typ\":\"JWT\",\"alg\":\"ES256\",\"jwk\":" + jwk + "}", c),
                "invalid_dpop_proof", "not a signed JWT");
    }

    @Test
    void malformedProofsAreRefused() {
        String good = sign(key, header(key), claims());
        refused("", "invalid_dpop_proof", "empty");
        refused("abc", "invalid_dpop_proof", "not a signed JWT");
        refused(good + ".x", "invalid_dpop_proof", "not a signed JWT");
        refused(good.substring(0, good.lastIndexOf('.') + 1), "invalid_dpop_proof", "not a signed JWT");
        refused("." + good.substring(good.indexOf('.') + 1), "invalid_dpop_proof", "not a signed JWT");
        refused(good + "==", "invalid_dpop_proof", "not a signed JWT");
        refused(good.replace('.', '!'), "invalid_dpop_proof", "not a signed JWT");
        refused(sign(key, "[1]", claims()), "invalid_dpop_proof", "not a signed JWT");
        refused(sign(key, header(key), "{\"jti\":1} trailing"), "invalid_dpop_proof", "not a signed JWT");
        refused("a".repeat(ProofJwt.MAX_LENGTH + 1), "invalid_dpop_proof", "not a signed JWT");
        // a 70-byte DER signature instead of r||s
        refused(good.substring(0, good.lastIndexOf('.') + 1) + b64(new byte[70]), "invalid_dpop_proof", "signature");
        OAuthException two = assertThrows(OAuthException.class,
                () -> verifier.verify(List.of(good, good), "POST", URL, TOKEN));
        assertTrue(two.description().contains("single"), two.description());
    }
}
