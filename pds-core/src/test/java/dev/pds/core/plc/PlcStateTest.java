package dev.pds.core.plc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlcStateTest {

    @Test
    void didDocumentHasContextsMultikeyMethodsAndServices() throws Exception {
        // the example of the did:plc spec, "Presentation as DID Document"
        PlcState state = new PlcState("did:plc:7iza6de2dwap2sbkpav7c6c6",
                List.of("did:key:zDnaedvvAsDE6H3BDdBejpx9ve2Tz95cymyCAKF66JbyMh1Lt",
                        "did:key:zDnaeh9v2RmcMo13Du2d6pjUf5bZwtauYxj3n9dYjw4EZUAR7"),
                Map.of("atproto", "did:key:zDnaeh9v2RmcMo13Du2d6pjUf5bZwtauYxj3n9dYjw4EZUAR7"),
                List.of("at://alice.test"),
                Map.of("atproto_pds", PlcService.atprotoPds("https://example.test")));
        JsonNode expected = PlcJson.MAPPER.readTree("""
                {"@context":["https://www.w3.org/ns/did/v1","https://w3id.org/security/multikey/v1",
                             "https://w3id.org/security/suites/ecdsa-2019/v1"],
                 "id":"did:plc:7iza6de2dwap2sbkpav7c6c6",
                 "alsoKnownAs":["at://alice.test"],
                 "verificationMethod":[{"id":"did:plc:7iza6de2dwap2sbkpav7c6c6#atproto","type":"Multikey",
                   "controller":"did:plc:7iza6de2dwap2sbkpav7c6c6",
                   "publicKeyMultibase":"zDnaeh9v2RmcMo13Du2d6pjUf5bZwtauYxj3n9dYjw4EZUAR7"}],
                 "service":[{"id":"#atproto_pds","type":"AtprotoPersonalDataServer",
                   "serviceEndpoint":"https://example.test"}]}""");
        assertEquals(expected, state.toDidDocument());
    }

    @Test
    void k256KeyAddsTheSecp256k1Suite() {
        PlcState state = PlcState.of("did:plc:x", PlcTestKeys.genesis(PlcTestKeys.ROTATION_HIGH));
        JsonNode doc = state.toDidDocument();
        assertEquals("https://w3id.org/security/suites/secp256k1-2019/v1", doc.get("@context").get(2).textValue());
        assertEquals(PlcTestKeys.SIGNING.publicKey().multikey(),
                doc.get("verificationMethod").get(0).get("publicKeyMultibase").textValue());
    }

    @Test
    void dataJsonRoundTripsAndTombstoneHasNoState() {
        PlcOperation genesis = PlcTestKeys.genesis(PlcTestKeys.ROTATION_HIGH);
        PlcState state = PlcState.of("did:plc:x", genesis);
        assertEquals(state, PlcState.fromJson(state.toJson()));
        assertEquals("alice.test", state.handle());
        assertEquals("https://pds.example.com", state.pdsEndpoint());
        assertEquals(PlcTestKeys.SIGNING.didKey(), state.atprotoSigningKey());
        assertNull(PlcState.of("did:plc:x", PlcTombstone.after(genesis.cid().toString())));
        assertEquals(genesis.withSig(null).asNextAfter("b"), state.toOperation("b"));
    }

    @Test
    void handleUpdateReplacesTheFirstAtUriOnly() {
        PlcOperation op = new PlcOperation(List.of(), Map.of(), List.of("https://x.example", "at://a.test", "at://b.test"),
                Map.of(), null, null);
        assertEquals(List.of("https://x.example", "at://c.test", "at://b.test"), op.withHandle("c.test").alsoKnownAs());
        PlcOperation none = new PlcOperation(List.of(), Map.of(), List.of("https://x.example"), Map.of(), null, null);
        assertEquals(List.of("at://c.test", "https://x.example"), none.withHandle("at://c.test").alsoKnownAs());
    }

    @Test
    void malformedDataIsRefused() throws Exception {
        assertThrows(PlcException.class, () -> PlcState.fromJson(PlcJson.MAPPER.readTree("[]")));
        assertThrows(PlcException.class, () -> PlcState.fromJson(PlcJson.MAPPER.readTree(
                "{\"did\":\"did:plc:x\",\"rotationKeys\":[1],\"verificationMethods\":{},\"alsoKnownAs\":[],\"services\":{}}")));
    }
}
