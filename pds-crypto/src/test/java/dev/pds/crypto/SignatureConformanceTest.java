package dev.pds.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** crypto/signature-fixtures.json: every entry verifies exactly when validSignature says so. */
class SignatureConformanceTest {

    @TestFactory
    Stream<DynamicTest> signatureFixtures() throws IOException {
        return InteropFixtures.entries("crypto/signature-fixtures.json").stream()
                .map(entry -> dynamicTest(entry.get("comment").asText(), () -> check(entry)));
    }

    private static void check(JsonNode entry) {
        Curve curve = Curve.forJwtAlgorithm(entry.get("algorithm").asText());
        PublicKey key = DidKey.parse(entry.get("publicKeyDid").asText());
        assertEquals(curve, key.curve(), "did:key curve matches the fixture's algorithm");
        assertEquals(entry.get("publicKeyDid").asText(), key.didKey(), "did:key round trip");
        // the legacy DID document suites carry the bare compressed point as multibase
        assertEquals(key, Multikey.parseLegacy(curve, entry.get("publicKeyMultibase").asText()));

        byte[] message = Base64.getDecoder().decode(entry.get("messageBase64").asText());
        byte[] signature = Base64.getDecoder().decode(entry.get("signatureBase64").asText());
        boolean expected = entry.get("validSignature").asBoolean();
        assertEquals(expected, key.verify(message, signature), "PublicKey.verify");
        assertEquals(expected, DidKey.verifySignature(entry.get("publicKeyDid").asText(), message, signature),
                "DidKey.verifySignature");
        if (curve == Curve.K256) {
            // both K-256 paths named, so the fixtures check Bouncy Castle too where native loads
            assertEquals(expected, Ecdsa.verify(curve, key.parameters(), key.compressed(), message, signature, false, false),
                    "Bouncy Castle");
            if (NativeK256.available()) {
                assertEquals(expected, Ecdsa.verify(curve, key.parameters(), key.compressed(), message, signature, false, true),
                        "libsecp256k1");
            }
        }

        // the invalid ones must fail for the reason their tag gives, not for some other fault
        Set<String> tags = new HashSet<>();
        entry.get("tags").forEach(t -> tags.add(t.asText()));
        if (tags.contains("high-s")) {
            byte[] lowS = toLowS(curve, signature);
            assertNotEquals(new BigInteger(1, signature), new BigInteger(1, lowS));
            assertTrue(key.verify(message, lowS), "the same signature with low S verifies");
        }
        if (tags.contains("der-encoded")) {
            ASN1Sequence seq = ASN1Sequence.getInstance(signature);
            byte[] compact = new byte[64];
            BigIntegers.asUnsignedByteArray(ASN1Integer.getInstance(seq.getObjectAt(0)).getValue(), compact, 0, 32);
            BigIntegers.asUnsignedByteArray(ASN1Integer.getInstance(seq.getObjectAt(1)).getValue(), compact, 32, 32);
            assertTrue(key.verify(message, toLowS(curve, compact)), "the same signature as r||s verifies");
            if (curve == Curve.K256 && NativeK256.available()) {
                // libsecp256k1 itself takes DER: only our 64-byte rule in front of it refuses this one
                assertTrue(NativeK256.verify(toLowSDer(curve, seq), Ecdsa.sha256(message), key.compressed()),
                        "the library alone accepts the DER form");
            }
        }
    }

    private static byte[] toLowSDer(Curve curve, ASN1Sequence seq) {
        BigInteger r = ASN1Integer.getInstance(seq.getObjectAt(0)).getValue();
        BigInteger s = ASN1Integer.getInstance(seq.getObjectAt(1)).getValue();
        if (s.compareTo(curve.halfOrder()) > 0) {
            s = curve.order().subtract(s);
        }
        try {
            return new DERSequence(new ASN1Encodable[] {new ASN1Integer(r), new ASN1Integer(s)}).getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] toLowS(Curve curve, byte[] rs) {
        BigInteger s = BigIntegers.fromUnsignedByteArray(rs, 32, 32);
        if (s.compareTo(curve.halfOrder()) > 0) {
            s = curve.order().subtract(s);
        }
        byte[] out = rs.clone();
        BigIntegers.asUnsignedByteArray(s, out, 32, 32);
        return out;
    }
}
