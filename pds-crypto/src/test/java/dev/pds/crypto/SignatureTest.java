package dev.pds.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SignatureTest {
    private static final byte[] MESSAGE = "hello atproto".getBytes(StandardCharsets.UTF_8);

    @Test
    void p256MatchesRfc6979SampleVectorWithLowS() {
        // RFC 6979 A.2.5, P-256, SHA-256, message "sample"; the RFC's s is high, so ours is n - s
        Keypair key = Keypair.fromPrivateKeyHex(Curve.P256,
                "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721");
        byte[] sig = key.sign("sample".getBytes(StandardCharsets.US_ASCII));
        BigInteger r = new BigInteger("efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716", 16);
        BigInteger sHigh = new BigInteger("f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8", 16);
        assertEquals(r, BigIntegers.fromUnsignedByteArray(sig, 0, 32));
        assertEquals(Curve.P256.order().subtract(sHigh), BigIntegers.fromUnsignedByteArray(sig, 32, 32));
        assertTrue(key.publicKey().verify("sample".getBytes(StandardCharsets.US_ASCII), sig));
        assertFalse(key.publicKey().verify("sample".getBytes(StandardCharsets.US_ASCII), withS(sig, sHigh)),
                "the RFC's own high-S signature is refused");
    }

    @Test
    void k256MatchesKnownDeterministicVector() {
        // widely used RFC 6979 secp256k1 vector: private key 1, message "Satoshi Nakamoto"
        Keypair key = Keypair.fromPrivateKeyHex(Curve.K256,
                "0000000000000000000000000000000000000000000000000000000000000001");
        byte[] sig = key.sign("Satoshi Nakamoto".getBytes(StandardCharsets.US_ASCII));
        assertEquals("934b1ea10a4b3c1757e2b0c017d0b6143ce3c9a7e6a4a49860d7a6ab210ee3d8"
                + "2442ce9d2b916064108014783e923ec36b49743e2ffa1c4496f01a512aafd9e5", Hex.encode(sig));
    }

    @ParameterizedTest
    @EnumSource(Curve.class)
    void signatureRoundTripsAndIsDeterministic(Curve curve) {
        Keypair key = Keypair.generate(curve);
        byte[] sig = key.sign(MESSAGE);
        assertEquals(64, sig.length);
        assertTrue(key.publicKey().verify(MESSAGE, sig));
        assertArrayEquals(sig, key.sign(MESSAGE), "RFC 6979 nonces make signing deterministic");
        assertTrue(DidKey.verifySignature(key.didKey(), MESSAGE, sig));
    }

    @ParameterizedTest
    @EnumSource(Curve.class)
    void signaturesAreAlwaysLowS(Curve curve) {
        Keypair key = Keypair.generate(curve);
        Random random = new Random(42);
        int highSeen = 0;
        for (int i = 0; i < 200; i++) {
            byte[] msg = new byte[1 + random.nextInt(100)];
            random.nextBytes(msg);
            byte[] sig = key.sign(msg);
            BigInteger s = BigIntegers.fromUnsignedByteArray(sig, 32, 32);
            assertTrue(s.compareTo(curve.halfOrder()) <= 0, "s is low");
            // the mirrored signature is mathematically valid ECDSA but must be refused
            byte[] high = withS(sig, curve.order().subtract(s));
            assertFalse(key.publicKey().verify(msg, high));
            highSeen++;
        }
        assertEquals(200, highSeen);
    }

    @ParameterizedTest
    @EnumSource(Curve.class)
    void tamperedMessageOrSignatureFails(Curve curve) {
        Keypair key = Keypair.generate(curve);
        byte[] sig = key.sign(MESSAGE);
        byte[] otherMessage = MESSAGE.clone();
        otherMessage[0] ^= 1;
        assertFalse(key.publicKey().verify(otherMessage, sig));
        for (int i = 0; i < 64; i += 7) {
            byte[] flipped = sig.clone();
            flipped[i] ^= 0x10;
            assertFalse(key.publicKey().verify(MESSAGE, flipped), "flipped byte " + i);
        }
        assertFalse(Keypair.generate(curve).publicKey().verify(MESSAGE, sig), "another key");
    }

    @Test
    void signatureOfTheOtherCurveFails() {
        byte[] priv = new byte[32];
        priv[31] = 7;
        Keypair k = Keypair.fromPrivateKey(Curve.K256, priv);
        Keypair p = Keypair.fromPrivateKey(Curve.P256, priv);
        assertFalse(p.publicKey().verify(MESSAGE, k.sign(MESSAGE)));
        assertFalse(k.publicKey().verify(MESSAGE, p.sign(MESSAGE)));
        assertFalse(DidKey.verifySignature(p.didKey(), MESSAGE, k.sign(MESSAGE)));
    }

    @ParameterizedTest
    @EnumSource(Curve.class)
    void derEncodingOfAValidSignatureFails(Curve curve) throws IOException {
        Keypair key = Keypair.generate(curve);
        byte[] sig = key.sign(MESSAGE);
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new ASN1Integer(BigIntegers.fromUnsignedByteArray(sig, 0, 32)));
        v.add(new ASN1Integer(BigIntegers.fromUnsignedByteArray(sig, 32, 32)));
        byte[] der = new DERSequence(v).getEncoded();
        assertFalse(key.publicKey().verify(MESSAGE, der));
        // a DER blob cut or padded to 64 bytes is garbage too
        assertFalse(key.publicKey().verify(MESSAGE, Arrays.copyOf(der, 64)));
    }

    @ParameterizedTest
    @EnumSource(Curve.class)
    void malformedSignaturesFailWithoutThrowing(Curve curve) {
        Keypair key = Keypair.generate(curve);
        byte[] sig = key.sign(MESSAGE);
        PublicKey pub = key.publicKey();
        assertFalse(pub.verify(MESSAGE, null));
        assertFalse(pub.verify(MESSAGE, new byte[0]));
        assertFalse(pub.verify(MESSAGE, Arrays.copyOf(sig, 63)));
        assertFalse(pub.verify(MESSAGE, Arrays.copyOf(sig, 65)));
        assertFalse(pub.verify(MESSAGE, new byte[64]), "r = s = 0");
        BigInteger n = curve.order();
        assertFalse(pub.verify(MESSAGE, withR(sig, BigInteger.ZERO)));
        assertFalse(pub.verify(MESSAGE, withS(sig, BigInteger.ZERO)));
        assertFalse(pub.verify(MESSAGE, withR(sig, n)), "r = n");
        BigInteger r = BigIntegers.fromUnsignedByteArray(sig, 0, 32);
        if (r.add(n).bitLength() <= 256) {
            assertFalse(pub.verify(MESSAGE, withR(sig, r.add(n))), "r + n is the same point but out of range");
        }
        byte[] ones = new byte[64];
        Arrays.fill(ones, (byte) 0xff);
        assertFalse(pub.verify(MESSAGE, ones));
        assertThrows(NullPointerException.class, () -> pub.verify(null, sig));
    }

    @ParameterizedTest
    @EnumSource(Curve.class)
    void lenientVerificationAcceptsHighSButNothingElseExtra(Curve curve) throws IOException {
        Keypair key = Keypair.generate(curve);
        byte[] sig = key.sign(MESSAGE);
        PublicKey pub = key.publicKey();
        BigInteger s = BigIntegers.fromUnsignedByteArray(sig, 32, 32);
        byte[] high = withS(sig, curve.order().subtract(s));
        assertFalse(pub.verify(MESSAGE, high));
        assertTrue(pub.verifyAllowingHighS(MESSAGE, high));
        assertTrue(pub.verifyAllowingHighS(MESSAGE, sig));
        assertFalse(pub.verifyAllowingHighS(MESSAGE, withS(sig, curve.order())), "s = n");
        assertFalse(pub.verifyAllowingHighS(MESSAGE, withS(sig, BigInteger.ZERO)));
        assertFalse(pub.verifyAllowingHighS(new byte[] {1}, high));
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new ASN1Integer(BigIntegers.fromUnsignedByteArray(sig, 0, 32)));
        v.add(new ASN1Integer(s));
        assertFalse(pub.verifyAllowingHighS(MESSAGE, new DERSequence(v).getEncoded()), "DER stays refused");
    }

    @Test
    void emptyAndLongMessagesSign() {
        Keypair key = Keypair.generate(Curve.K256, new SecureRandom());
        byte[] big = new byte[1 << 20];
        assertTrue(key.publicKey().verify(new byte[0], key.sign(new byte[0])));
        assertTrue(key.publicKey().verify(big, key.sign(big)));
        assertFalse(key.publicKey().verify(big, key.sign(new byte[0])));
    }

    private static byte[] withS(byte[] sig, BigInteger s) {
        byte[] out = sig.clone();
        BigIntegers.asUnsignedByteArray(s, out, 32, 32);
        return out;
    }

    private static byte[] withR(byte[] sig, BigInteger r) {
        byte[] out = sig.clone();
        BigIntegers.asUnsignedByteArray(r, out, 0, 32);
        return out;
    }
}
