package dev.pds.crypto.jwk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.ECKey;
import dev.pds.crypto.CryptoException;
import dev.pds.crypto.Curve;
import dev.pds.crypto.Keypair;
import dev.pds.crypto.PublicKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JwksTest {
    // RFC 7515 appendix A.3: a P-256 key pair in JWK form
    private static final String RFC7515_P256 = "{\"kty\":\"EC\",\"crv\":\"P-256\","
            + "\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
            + "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\","
            + "\"d\":\"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI\"}";

    @Test
    void readsTheRfcKeyPairAndItsPrivatePartMatches() {
        Keypair k = Jwks.parseKeypair(RFC7515_P256);
        assertEquals(Curve.P256, k.curve());
        ECKey back = Jwks.privateJwk(k);
        assertEquals("f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU", back.getX().toString());
        assertEquals("x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0", back.getY().toString());
        assertEquals("jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI", back.getD().toString());
        assertEquals(k.publicKey(), Jwks.parsePublicKey(RFC7515_P256));
    }

    @ParameterizedTest
    @EnumSource(Curve.class)
    void roundTripsBothCurves(Curve curve) {
        Keypair k = Keypair.generate(curve);
        ECKey pub = Jwks.publicJwk(k.publicKey());
        assertEquals(curve.jwkCurve(), pub.getCurve().getName());
        assertEquals("EC", pub.getKeyType().getValue());
        assertNull(pub.getD());
        assertFalse(pub.isPrivate());
        assertEquals(k.publicKey(), Jwks.parsePublicKey(pub.toJSONString()));

        ECKey priv = Jwks.privateJwk(k);
        assertTrue(priv.isPrivate());
        assertEquals(k, Jwks.parseKeypair(priv.toJSONString()));
        assertEquals(k.privateKeyHex(), Jwks.keypair(priv).privateKeyHex());
        // the public JSON must never carry d
        assertFalse(pub.toJSONString().contains("\"d\""));
    }

    @Test
    void k256JwkUsesTheSecp256k1CurveName() {
        ECKey jwk = Jwks.publicJwk(Keypair.generate(Curve.K256).publicKey());
        assertTrue(jwk.toJSONString().contains("\"crv\":\"secp256k1\""));
    }

    @Test
    void refusesMismatchedMissingOrForeignKeys() {
        Keypair a = Keypair.generate(Curve.P256);
        Keypair b = Keypair.generate(Curve.P256);
        ECKey mixed = new ECKey.Builder(Jwks.publicJwk(a.publicKey())).d(Jwks.privateJwk(b).getD()).build();
        assertThrows(CryptoException.class, () -> Jwks.keypair(mixed));
        assertThrows(CryptoException.class, () -> Jwks.keypair(Jwks.publicJwk(a.publicKey())));
        assertThrows(CryptoException.class, () -> Jwks.parsePublicKey("{\"kty\":\"EC\"}"));
        assertThrows(CryptoException.class, () -> Jwks.parsePublicKey("not json"));
        assertThrows(CryptoException.class, () -> Jwks.parsePublicKey("{\"kty\":\"oct\",\"k\":\"AAAA\"}"));
        // a P-384 key: a valid JWK, but not a curve atproto uses
        assertThrows(CryptoException.class, () -> Jwks.parsePublicKey("{\"kty\":\"EC\",\"crv\":\"P-384\","
                + "\"x\":\"iA7lWQLzVrKGEFjfGMfMHfTEZ2KnLCoTmYCKrvlu-2Bjco41GBrjFR02XuZhfAz2\","
                + "\"y\":\"g-0qEy2xBp6MWcKjbDFyD7dsQgUs4hpoRbZG7H53I9xmF2U2UUiQ9emgpCJRq_wD\"}"));
        // same JSON with x of the wrong curve's size: our x must be 32 bytes
        String json = Jwks.publicJwk(a.publicKey()).toJSONString();
        String shortX = json.replace(Jwks.publicJwk(a.publicKey()).getX().toString(), "AAAA");
        assertThrows(CryptoException.class, () -> Jwks.parsePublicKey(shortX));
        assertThrows(CryptoException.class, () -> Jwks.parsePublicKey(" ".repeat(Jwks.MAX_JSON_LENGTH + 1)));
    }

    @Test
    void offCurveCoordinatesAreRefused() {
        PublicKey pub = Keypair.generate(Curve.K256).publicKey();
        ECKey jwk = Jwks.publicJwk(pub);
        String json = jwk.toJSONString().replace(jwk.getY().toString(), jwk.getX().toString());
        assertThrows(CryptoException.class, () -> Jwks.parsePublicKey(json));
    }
}
