package dev.pds.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Random;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;

/**
 * K-256 through libsecp256k1 must be indistinguishable from Bouncy Castle: the same signature
 * bytes for the same key and message, each path accepting the other's signatures and refusing
 * the same bad ones (high-S unless allowed, DER, wrong sizes, out-of-range scalars, other keys).
 */
class NativeK256Test {
    static final Curve K = Curve.K256;

    static boolean verify(Keypair key, byte[] message, byte[] signature, boolean allowHighS, boolean useNative) {
        PublicKey pub = key.publicKey();
        return Ecdsa.verify(K, pub.parameters(), pub.compressed(), message, signature, allowHighS, useNative);
    }

    static byte[] highSTwin(byte[] signature) {
        byte[] twin = signature.clone();
        BigInteger s = BigIntegers.fromUnsignedByteArray(signature, 32, 32);
        BigIntegers.asUnsignedByteArray(K.order().subtract(s), twin, 32, 32);
        return twin;
    }

    @Test
    void theNativeLibraryIsUsedOnThisPlatform() {
        String arch = System.getProperty("os.arch");
        assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux") && (arch.equals("amd64") || arch.equals("x86_64")),
                "the natives are checked to load on linux x86_64, the machines this is built on");
        assumeTrue(!"false".equalsIgnoreCase(System.getProperty(NativeK256.DISABLE_PROPERTY)), "switched off");
        assertTrue(NativeK256.available(), "libsecp256k1 did not load");
        assertEquals("libsecp256k1", Keypair.signerFor(Curve.K256));
        assertEquals("Bouncy Castle", Keypair.signerFor(Curve.P256));
    }

    @Test
    void bothPathsMakeTheSameSignaturesAndAcceptEachOthers() {
        assumeTrue(NativeK256.available());
        Random random = new Random(20261122);
        SecureRandom keys = new SecureRandom(new byte[] {4, 2});
        for (int i = 0; i < 300; i++) {
            Keypair key = Keypair.generate(K, keys);
            byte[] message = new byte[random.nextInt(400)];
            random.nextBytes(message);
            byte[] fast = key.sign(message);
            byte[] reference = key.signWithBouncyCastle(message);
            assertArrayEquals(reference, fast, "key " + i);
            assertTrue(verify(key, message, fast, false, true));
            assertTrue(verify(key, message, fast, false, false));
            assertTrue(key.publicKey().verify(message, fast));

            byte[] twin = highSTwin(fast);
            assertFalse(verify(key, message, twin, false, true), "high-S refused unless allowed");
            assertFalse(verify(key, message, twin, false, false));
            assertTrue(verify(key, message, twin, true, true), "high-S twin accepted when allowed");
            assertTrue(verify(key, message, twin, true, false));

            byte[] other = message.clone();
            other = java.util.Arrays.copyOf(other, other.length + 1);
            assertFalse(verify(key, other, fast, false, true));
            assertFalse(verify(key, other, fast, false, false));
            byte[] flipped = fast.clone();
            flipped[random.nextInt(64)] ^= (byte) (1 << random.nextInt(8));
            assertEquals(verify(key, message, flipped, true, false), verify(key, message, flipped, true, true),
                    "a damaged signature gets the same answer from both");
        }
    }

    @Test
    void badSignatureBytesAreRefusedByBothPaths() throws IOException {
        assumeTrue(NativeK256.available());
        Keypair key = Keypair.generate(K, new SecureRandom(new byte[] {7}));
        Keypair stranger = Keypair.generate(K, new SecureRandom(new byte[] {8}));
        byte[] message = "a commit".getBytes(StandardCharsets.UTF_8);
        byte[] good = key.sign(message);
        byte[] der = new DERSequence(new ASN1Encodable[] {
            new ASN1Integer(BigIntegers.fromUnsignedByteArray(good, 0, 32)),
            new ASN1Integer(BigIntegers.fromUnsignedByteArray(good, 32, 32))}).getEncoded();
        // libsecp256k1 alone takes the DER form of a good signature: our 64-byte rule must stop it
        assertTrue(NativeK256.verify(der, Ecdsa.sha256(message), key.publicKey().compressed()));
        byte[] zeroR = good.clone();
        java.util.Arrays.fill(zeroR, 0, 32, (byte) 0);
        byte[] bigS = good.clone();
        BigIntegers.asUnsignedByteArray(K.order(), bigS, 32, 32);
        for (boolean useNative : new boolean[] {true, false}) {
            assertFalse(verify(key, message, der, true, useNative));
            assertFalse(verify(key, message, java.util.Arrays.copyOf(good, 63), true, useNative));
            assertFalse(verify(key, message, java.util.Arrays.copyOf(good, 65), true, useNative));
            assertFalse(verify(key, message, zeroR, true, useNative));
            assertFalse(verify(key, message, bigS, true, useNative));
            assertFalse(verify(key, message, null, true, useNative));
            assertFalse(verify(stranger, message, good, true, useNative), "another key's signature");
        }
    }
}
