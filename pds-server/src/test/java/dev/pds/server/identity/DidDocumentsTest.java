package dev.pds.server.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pds.crypto.Base58btc;
import dev.pds.crypto.Curve;
import dev.pds.crypto.Keypair;
import dev.pds.server.xrpc.XrpcJson;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading a DID document: its keys in each form the reference reads, its PDS, its handle. */
class DidDocumentsTest {
    static final String DID = "did:web:example.com";

    static JsonNode doc(String id, String type, String multibase) {
        return XrpcJson.parse(("{\"id\":\"" + DID + "\",\"alsoKnownAs\":[\"at://Alice.Example.com\"],\"verificationMethod\":[{\"id\":\""
                + id + "\",\"type\":\"" + type + "\",\"controller\":\"" + DID + "\",\"publicKeyMultibase\":\"" + multibase + "\"}],"
                + "\"service\":[{\"id\":\"" + DID + "#atproto_pds\",\"type\":\"AtprotoPersonalDataServer\","
                + "\"serviceEndpoint\":\"https://pds.example.com\"}]}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void keysInEveryFormTheReferenceReads() {
        Keypair k256 = Keypair.generate(Curve.K256);
        Keypair p256 = Keypair.generate(Curve.P256);
        String multikey = k256.didKey().substring("did:key:".length());
        assertEquals(Optional.of(k256.didKey()), DidDocuments.verificationKey(doc("#atproto", "Multikey", multikey), "atproto"));
        assertEquals(Optional.of(k256.didKey()), DidDocuments.verificationKey(doc(DID + "#atproto", "Multikey", multikey), "atproto"));
        // the older forms: the bare point, compressed or not
        assertEquals(Optional.of(k256.didKey()), DidDocuments.verificationKey(doc("#atproto", "EcdsaSecp256k1VerificationKey2019",
                "z" + Base58btc.encode(k256.publicKey().uncompressed())), "atproto"));
        assertEquals(Optional.of(p256.didKey()), DidDocuments.verificationKey(doc("#atproto_label", "EcdsaSecp256r1VerificationKey2019",
                "z" + Base58btc.encode(p256.publicKey().compressed())), "atproto_label"));
        // another id, an unknown type, a point off the curve, another multibase
        assertEquals(Optional.empty(), DidDocuments.verificationKey(doc("#other", "Multikey", multikey), "atproto"));
        assertEquals(Optional.empty(), DidDocuments.verificationKey(doc("#atproto", "JsonWebKey2020", multikey), "atproto"));
        byte[] bad = k256.publicKey().compressed();
        bad[5] ^= 1;
        bad[0] = 0x05;
        assertEquals(Optional.empty(), DidDocuments.verificationKey(doc("#atproto", "EcdsaSecp256k1VerificationKey2019",
                "z" + Base58btc.encode(bad)), "atproto"));
        assertEquals(Optional.empty(), DidDocuments.verificationKey(doc("#atproto", "Multikey", "m" + multikey.substring(1)), "atproto"));
    }

    @Test
    void pdsAndHandle() {
        JsonNode doc = doc("#atproto", "Multikey", "z");
        assertEquals(Optional.of("https://pds.example.com"), DidDocuments.pdsEndpoint(doc));
        assertTrue(DidDocuments.names(doc, "alice.example.com"), "handles compare without case");
        assertFalse(DidDocuments.names(doc, "bob.example.com"));
    }
}
