package dev.pds.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** crypto/w3c_didkey_K256.json and w3c_didkey_P256.json: private key to did:key and back. */
class DidKeyConformanceTest {

    @TestFactory
    Stream<DynamicTest> k256() throws IOException {
        return InteropFixtures.entries("crypto/w3c_didkey_K256.json").stream()
                .map(entry -> dynamicTest(entry.get("publicDidKey").asText(), () -> check(entry,
                        Keypair.fromPrivateKeyHex(Curve.K256, entry.get("privateKeyBytesHex").asText()))));
    }

    @TestFactory
    Stream<DynamicTest> p256() throws IOException {
        return InteropFixtures.entries("crypto/w3c_didkey_P256.json").stream()
                .map(entry -> dynamicTest(entry.get("publicDidKey").asText(), () -> check(entry,
                        Keypair.fromPrivateKey(Curve.P256,
                                Base58btc.decode(entry.get("privateKeyBytesBase58").asText())))));
    }

    private static void check(JsonNode entry, Keypair keypair) {
        String didKey = entry.get("publicDidKey").asText();
        assertEquals(didKey, keypair.didKey(), "private key -> did:key");
        PublicKey parsed = DidKey.parse(didKey);
        assertEquals(keypair.publicKey(), parsed, "did:key -> public key");
        assertEquals(keypair.curve(), parsed.curve());
        assertEquals(didKey, parsed.didKey(), "did:key round trip");
        assertArrayEquals(keypair.publicKey().compressed(), parsed.compressed());
        byte[] message = didKey.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(true, parsed.verify(message, keypair.sign(message)), "the parsed key verifies the pair's signature");
    }
}
