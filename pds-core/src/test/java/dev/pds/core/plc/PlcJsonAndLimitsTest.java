package dev.pds.core.plc;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlcJsonAndLimitsTest {
    private static final PlcOperation GENESIS = PlcTestKeys.genesis(PlcTestKeys.ROTATION_HIGH);

    @Test
    void readsEachOperationType() {
        assertInstanceOf(PlcOperation.class, PlcJson.readOp(GENESIS.toJson(), true));
        PlcTombstone tomb = PlcSignatures.sign(PlcTombstone.after(GENESIS.cid().toString()), PlcTestKeys.ROTATION_HIGH);
        assertEquals(tomb, PlcJson.readOp(tomb.toJson(), true));
        PlcOp unsigned = PlcJson.readOp(GENESIS.withSig(null).toJson(), false);
        assertNull(unsigned.sig());
    }

    @Test
    void refusesWrongShapes() {
        String good = GENESIS.toJson();
        List<String> bad = List.of(
                "[]", "\"x\"", "{}", "{\"type\":\"plc_other\"}",
                good.replace("\"type\":\"plc_operation\"", "\"type\":\"plc_operation\",\"extra\":1"),
                good.replace("\"prev\":null,", ""),
                good.replace("\"prev\":null", "\"prev\":5"),
                good.replace("\"alsoKnownAs\":[", "\"alsoKnownAs\":[7,"),
                "{\"type\":\"plc_tombstone\",\"sig\":\"x\"}",
                "{\"type\":\"plc_tombstone\",\"prev\":null,\"sig\":\"x\"}",
                "{\"type\":\"create\",\"signingKey\":\"a\",\"recoveryKey\":\"b\",\"handle\":\"h\",\"service\":\"s\",\"prev\":\"x\",\"sig\":\"s\"}",
                good + " {}",
                good.substring(0, good.length() - 1),
                "{\"type\":\"plc_tombstone\",\"prev\":\"a\",\"prev\":\"b\",\"sig\":\"x\"}");
        for (String json : bad) {
            assertThrows(PlcException.class, () -> PlcJson.readOp(json, true), json);
        }
        assertThrows(PlcException.class, () -> PlcJson.readOp(GENESIS.withSig(null).toJson(), true));
        assertThrows(PlcException.class, () -> PlcJson.readOp("{\"a\":\"" + "x".repeat(70_000) + "\"}", true));
    }

    @Test
    void limitsAcceptARealisticOp() {
        assertDoesNotThrow(() -> PlcLimits.check(GENESIS));
        assertThrows(PlcException.class, () -> PlcLimits.check(GENESIS.withSig(null)));
    }

    @Test
    void limitsRefuseEachOversizedPart() {
        List<PlcOperation> bad = new ArrayList<>();
        bad.add(with(GENESIS.rotationKeys(), GENESIS.verificationMethods(), List.of("at://a.test", "at://a.test"), GENESIS.services()));
        bad.add(with(GENESIS.rotationKeys(), GENESIS.verificationMethods(), List.of("at://" + "a".repeat(260)), GENESIS.services()));
        List<String> akas = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            akas.add("at://h" + i + ".test");
        }
        bad.add(with(GENESIS.rotationKeys(), GENESIS.verificationMethods(), akas, GENESIS.services()));
        bad.add(with(List.of("did:key:zNotAKey"), GENESIS.verificationMethods(), GENESIS.alsoKnownAs(), GENESIS.services()));
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            keys.add(PlcTestKeys.ROTATION_HIGH.didKey());
        }
        bad.add(with(keys, GENESIS.verificationMethods(), GENESIS.alsoKnownAs(), GENESIS.services()));
        bad.add(with(GENESIS.rotationKeys(), Map.of("atproto", "zQ3sNoPrefix"), GENESIS.alsoKnownAs(), GENESIS.services()));
        bad.add(with(GENESIS.rotationKeys(), Map.of("atproto", "did:key:z0OIl"), GENESIS.alsoKnownAs(), GENESIS.services()));
        bad.add(with(GENESIS.rotationKeys(), Map.of("x".repeat(33), PlcTestKeys.SIGNING.didKey()), GENESIS.alsoKnownAs(), GENESIS.services()));
        bad.add(with(GENESIS.rotationKeys(), GENESIS.verificationMethods(), GENESIS.alsoKnownAs(),
                Map.of("atproto_pds", PlcService.atprotoPds("https://" + "a".repeat(520)))));
        bad.add(with(GENESIS.rotationKeys(), GENESIS.verificationMethods(), GENESIS.alsoKnownAs(),
                Map.of("atproto_pds", new PlcService("T".repeat(257), "https://x"))));
        Map<String, PlcService> many = new LinkedHashMap<>();
        for (int i = 0; i < 11; i++) {
            many.put("s" + i, PlcService.atprotoPds("https://x"));
        }
        bad.add(with(GENESIS.rotationKeys(), GENESIS.verificationMethods(), GENESIS.alsoKnownAs(), many));
        // big but within every count: over the 4000-byte DAG-CBOR limit
        List<String> longAkas = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            longAkas.add("at://" + "h".repeat(240) + i);
        }
        Map<String, PlcService> longServices = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            longServices.put("s" + i, PlcService.atprotoPds("https://" + "e".repeat(500)));
        }
        bad.add(with(GENESIS.rotationKeys(), GENESIS.verificationMethods(), longAkas, longServices));
        for (PlcOperation op : bad) {
            PlcException e = assertThrows(PlcException.class, () -> PlcLimits.check(op));
            assertEquals(PlcException.INVALID_OPERATION, e.error());
        }
        assertTrue(PlcLimits.isDidKeySyntax("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"));
    }

    private static PlcOperation with(List<String> keys, Map<String, String> vm, List<String> aka, Map<String, PlcService> svc) {
        return PlcSignatures.sign(new PlcOperation(keys, vm, aka, svc, null, null), PlcTestKeys.ROTATION_HIGH);
    }
}
