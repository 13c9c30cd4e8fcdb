package dev.pds.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class KeyEncodingTest {
    private static final String ONE = "0000000000000000000000000000000000000000000000000000000000000001";

    @Test
    void privateKeyOneGivesTheGeneratorAndItsDidKey() {
        Keypair k = Keypair.fromPrivateKeyHex(Curve.K256, ONE);
        assertEquals("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798",
                Hex.encode(k.publicKey().compressed()));
        assertEquals("did:key:zQ3shVc2UkAfJCdc1TR8E66J85h48P43r93q8jGPkPpjF9Ef9", k.didKey());

        Keypair p = Keypair.fromPrivateKeyHex(Curve.P256, ONE);
        assertEquals("036b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296",
                Hex.encode(p.publicKey().compressed()));
        assertEquals("did:key:zDnaepsL7AXenJkVYdkh5KuKsSU7Ykh7kyXaLLU7auN9FWSiZ", p.didKey());
    }

    @Test
    void publishedK256Vector() {
        Keypair k = Keypair.fromPrivateKeyHex(Curve.K256,
                "9085d2bef69286a6cbb51623c8fa258629945cd55ca705cc4e66700396894e0c");
        assertEquals("did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme", k.didKey());
        assertEquals(k.publicKey(), PublicKey.fromDidKey(k.didKey()));
        assertEquals(k.didKey().substring("did:key:".length()), k.publicKey().multikey());
    }

    @ParameterizedTest
    @EnumSource(Curve.class)
    void privateKeyRoundTrips(Curve curve) {
        Keypair k = Keypair.generate(curve);
        assertEquals(32, k.privateKeyBytes().length);
        assertEquals(64, k.privateKeyHex().length());
        Keypair again = Keypair.fromPrivateKeyHex(curve, k.privateKeyHex());
        assertEquals(k, again);
        assertArrayEquals(k.privateKeyBytes(), Keypair.fromPrivateKey(curve, k.privateKeyBytes()).privateKeyBytes());
        assertEquals(k, Keypair.fromPrivateKeyHex(curve, k.privateKeyHex().toUpperCase()));
    }

    @ParameterizedTest
    @EnumSource(Curve.class)
    void publicKeyFormsRoundTrip(Curve curve) {
        PublicKey pub = Keypair.generate(curve).publicKey();
        assertEquals(33, pub.compressed().length);
        assertEquals(65, pub.uncompressed().length);
        assertEquals(pub, PublicKey.fromBytes(curve, pub.compressed()));
        assertEquals(pub, PublicKey.fromBytes(curve, pub.uncompressed()));
        assertEquals(pub, DidKey.parse(pub.didKey()));
        assertEquals(pub, Multikey.parse(pub.multikey()));
        assertEquals(pub, Multikey.parseLegacy(curve, "z" + Base58btc.encode(pub.uncompressed())));
        assertEquals(pub.hashCode(), DidKey.parse(pub.didKey()).hashCode());
        assertTrue(pub.didKey().startsWith(curve == Curve.K256 ? "did:key:zQ3s" : "did:key:zDna"));
    }

    @Test
    void toStringNeverShowsThePrivateKey() {
        Keypair k = Keypair.fromPrivateKeyHex(Curve.K256,
                "9085d2bef69286a6cbb51623c8fa258629945cd55ca705cc4e66700396894e0c");
        assertFalse(k.toString().contains(k.privateKeyHex()));
        assertFalse(k.toString().toLowerCase().contains("9085d2be"));
        assertTrue(k.toString().contains(k.didKey()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "00", "zz85d2bef69286a6cbb51623c8fa258629945cd55ca705cc4e66700396894e0c",
        "9085d2bef69286a6cbb51623c8fa258629945cd55ca705cc4e66700396894e0", // 62 digits
        "9085d2bef69286a6cbb51623c8fa258629945cd55ca705cc4e66700396894e0c00", // 66 digits
        " 085d2bef69286a6cbb51623c8fa258629945cd55ca705cc4e66700396894e0c",
        "0000000000000000000000000000000000000000000000000000000000000000", // zero
        "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", // K-256 order n
        "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
    })
    void badPrivateKeysAreRefused(String hex) {
        CryptoException e = assertThrows(CryptoException.class, () -> Keypair.fromPrivateKeyHex(Curve.K256, hex));
        assertFalse(e.getMessage().isBlank());
    }

    @Test
    void privateKeyLengthIsChecked() {
        assertThrows(CryptoException.class, () -> Keypair.fromPrivateKey(Curve.P256, new byte[31]));
        assertThrows(CryptoException.class, () -> Keypair.fromPrivateKey(Curve.P256, new byte[33]));
        // P-256's order is below K-256's: n - 1 of K-256 is out of range for P-256
        byte[] k256Max = Hex.decode("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140");
        Keypair.fromPrivateKey(Curve.K256, k256Max);
        assertThrows(CryptoException.class, () -> Keypair.fromPrivateKey(Curve.P256, k256Max));
    }

    @ParameterizedTest
    @EnumSource(Curve.class)
    void badPointsAreRefused(Curve curve) {
        byte[] good = Keypair.generate(curve).publicKey().uncompressed();
        byte[] offCurve = good.clone();
        offCurve[64] ^= 1;
        assertThrows(CryptoException.class, () -> PublicKey.fromBytes(curve, offCurve));
        byte[] hybrid = good.clone();
        hybrid[0] = 6;
        assertThrows(CryptoException.class, () -> PublicKey.fromBytes(curve, hybrid));
        assertThrows(CryptoException.class, () -> PublicKey.fromBytes(curve, new byte[33]));
        assertThrows(CryptoException.class, () -> PublicKey.fromBytes(curve, Arrays.copyOf(good, 64)));
        byte[] badX = new byte[33];
        badX[0] = 2;
        Arrays.fill(badX, 1, 33, (byte) 0xff); // x >= p
        assertThrows(CryptoException.class, () -> PublicKey.fromBytes(curve, badX));
    }

    @Test
    void compressedPointWithNoSquareRootIsRefused() {
        // x = 5 is not the x of any K-256 point (5^3 + 7 = 132 is a non-residue mod p)
        byte[] x5 = new byte[33];
        x5[0] = 2;
        x5[32] = 5;
        assertThrows(CryptoException.class, () -> PublicKey.fromBytes(Curve.K256, x5));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "did:key:",
        "did:key:z",
        "did:web:example.com",
        "did:key:Q3shVc2UkAfJCdc1TR8E66J85h48P43r93q8jGPkPpjF9Ef9", // no multibase prefix
        "did:key:mQ3shVc2UkAfJCdc1TR8E66J85h48P43r93q8jGPkPpjF9Ef9", // base64 prefix
        "did:key:zQ3shVc2UkAfJCdc1TR8E66J85h48P43r93q8jGPkPpjF9Ef0", // '0' is not base58
        "did:key:zQ3shVc2UkAfJCdc1TR8E66J85h48P43r93q8jGPkPpjF9Ef", // truncated
        "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", // Ed25519: not supported
        "DID:KEY:zQ3shVc2UkAfJCdc1TR8E66J85h48P43r93q8jGPkPpjF9Ef9"
    })
    void badDidKeysAreRefused(String text) {
        assertThrows(CryptoException.class, () -> DidKey.parse(text));
        assertThrows(CryptoException.class, () -> DidKey.verifySignature(text, new byte[1], new byte[64]));
    }

    @Test
    void didKeyMustHoldACompressedPoint() {
        PublicKey pub = Keypair.generate(Curve.P256).publicKey();
        byte[] codec = Curve.P256.multicodec();
        byte[] uncompressed = pub.uncompressed();
        byte[] both = Arrays.copyOf(codec, 2 + uncompressed.length);
        System.arraycopy(uncompressed, 0, both, 2, uncompressed.length);
        assertThrows(CryptoException.class, () -> DidKey.parse("did:key:z" + Base58btc.encode(both)));
        String tooLong = "did:key:z" + "1".repeat(Multikey.MAX_LENGTH + 1);
        assertThrows(CryptoException.class, () -> DidKey.parse(tooLong));
    }

    @Test
    void keysOfDifferentCurvesAreNotEqual() {
        byte[] one = Hex.decode(ONE);
        PublicKey k = Keypair.fromPrivateKey(Curve.K256, one).publicKey();
        PublicKey p = Keypair.fromPrivateKey(Curve.P256, one).publicKey();
        assertNotEquals(k, p);
        assertNotEquals(k.didKey(), p.didKey());
        assertEquals(Curve.K256, Curve.forJwtAlgorithm("ES256K"));
        assertEquals(Curve.P256, Curve.forJwkCurve("P-256"));
        assertThrows(CryptoException.class, () -> Curve.forJwtAlgorithm("ES384"));
        assertThrows(CryptoException.class, () -> Curve.forJwkCurve("Ed25519"));
    }
}
