package dev.pds.core.plc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlcSignaturesTest {
    private static final BigInteger K256_ORDER =
            new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);

    @Test
    void signsTheUnsignedDagCborAndVerifiesWithTheSigner() {
        PlcOperation op = PlcTestKeys.genesis(PlcTestKeys.ROTATION_LOW);
        assertEquals(86, op.sig().length());
        assertTrue(PlcTestKeys.ROTATION_LOW.publicKey().verify(op.unsignedBytes(),
                Base64.getUrlDecoder().decode(op.sig())));
        assertEquals(PlcTestKeys.ROTATION_LOW.didKey(), PlcSignatures.signer(op, op.rotationKeys()).orElseThrow());
        assertTrue(PlcSignatures.signer(op, List.of(PlcTestKeys.ROTATION_HIGH.didKey())).isEmpty());
    }

    @Test
    void unsignedBytesLeaveOutSigAndKeepNullPrev() {
        PlcOperation op = PlcTestKeys.genesis(PlcTestKeys.ROTATION_HIGH);
        assertTrue(op.unsignedData().containsKey("prev"));
        assertTrue(!op.unsignedData().containsKey("sig"));
        assertTrue(op.data().containsKey("sig"));
    }

    @Test
    void paddingCharactersAreRefused() {
        PlcOperation op = PlcTestKeys.genesis(PlcTestKeys.ROTATION_HIGH);
        assertTrue(PlcSignatures.signer(op.withSig(op.sig() + "=="), op.rotationKeys()).isEmpty());
    }

    @Test
    void nonZeroTrailingBitsAreRefused() {
        PlcOperation op = PlcTestKeys.genesis(PlcTestKeys.ROTATION_HIGH);
        String sig = op.sig();
        // the last character carries 2 spare bits; flipping its lowest bit changes no decoded byte
        char last = sig.charAt(sig.length() - 1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char twin = alphabet.charAt(alphabet.indexOf(last) ^ 1);
        String tampered = sig.substring(0, sig.length() - 1) + twin;
        assertTrue(Arrays.equals(Base64.getUrlDecoder().decode(sig), Base64.getUrlDecoder().decode(tampered)));
        assertTrue(PlcSignatures.signer(op.withSig(tampered), op.rotationKeys()).isEmpty());
    }

    @Test
    void highSTwinIsRefused() {
        PlcOperation op = PlcTestKeys.genesis(PlcTestKeys.ROTATION_HIGH);
        byte[] sig = Base64.getUrlDecoder().decode(op.sig());
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
        byte[] highS = K256_ORDER.subtract(s).toByteArray();
        byte[] twin = Arrays.copyOf(sig, 64);
        System.arraycopy(highS, highS.length - 32, twin, 32, 32);
        String twinText = Base64.getUrlEncoder().withoutPadding().encodeToString(twin);
        assertTrue(PlcSignatures.signer(op.withSig(twinText), op.rotationKeys()).isEmpty());
    }

    @Test
    void strictDecodingRefusesStrayCharactersAndWrongLengths() {
        PlcOperation op = PlcTestKeys.genesis(PlcTestKeys.ROTATION_HIGH);
        assertNotNull(PlcSignatures.decodeStrict(op.sig()));
        assertNull(PlcSignatures.decodeStrict(op.sig() + "\n"));
        assertNull(PlcSignatures.decodeStrict(op.sig().replace('-', '+').replace('_', '/') + "x"));
        assertNull(PlcSignatures.decodeStrict(op.sig().substring(1)));
        assertNull(PlcSignatures.decodeStrict(null));
        assertNull(PlcSignatures.decodeStrict(""));
    }

    @Test
    void unparsableRotationKeysNeverMatch() {
        PlcOperation op = PlcTestKeys.genesis(PlcTestKeys.ROTATION_HIGH);
        assertEquals(PlcTestKeys.ROTATION_HIGH.didKey(),
                PlcSignatures.signer(op, List.of("did:key:zBogus", "not a key", PlcTestKeys.ROTATION_HIGH.didKey()))
                        .orElseThrow());
    }

    @Test
    void didIsDerivedFromTheSignedGenesis() {
        PlcOperation a = PlcTestKeys.genesis(PlcTestKeys.ROTATION_HIGH);
        PlcOperation b = PlcTestKeys.genesis(PlcTestKeys.ROTATION_LOW);
        String did = PlcDids.didFor(a).toString();
        assertTrue(PlcDids.isPlcDid(did), did);
        // a different signature is a different genesis, hence a different DID
        assertTrue(!did.equals(PlcDids.didFor(b).toString()));
        assertEquals(did, PlcChain.validateGenesis(did, a).did());
    }
}
