package dev.pds.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DagCborTest {
    private static void roundTrip(DataValue v, String hex) {
        byte[] enc = DagCbor.encode(v);
        assertEquals(hex.replace(" ", ""), Hex.hex(enc), String.valueOf(v));
        assertEquals(v, DagCbor.decode(enc));
    }

    @Test
    void integersUseShortestForm() {
        roundTrip(new DataInt(0), "00");
        roundTrip(new DataInt(23), "17");
        roundTrip(new DataInt(24), "1818");
        roundTrip(new DataInt(255), "18ff");
        roundTrip(new DataInt(256), "190100");
        roundTrip(new DataInt(65535), "19ffff");
        roundTrip(new DataInt(65536), "1a00010000");
        roundTrip(new DataInt(2147483648L), "1a80000000");
        roundTrip(new DataInt(4294967295L), "1affffffff");
        roundTrip(new DataInt(4294967296L), "1b0000000100000000");
        roundTrip(new DataInt(Long.MAX_VALUE), "1b7fffffffffffffff");
        roundTrip(new DataInt(-1), "20");
        roundTrip(new DataInt(-24), "37");
        roundTrip(new DataInt(-25), "3818");
        roundTrip(new DataInt(-256), "38ff");
        roundTrip(new DataInt(-257), "390100");
        roundTrip(new DataInt(-4294967296L), "3affffffff");
        roundTrip(new DataInt(Long.MIN_VALUE), "3b7fffffffffffffff");
    }

    @Test
    void scalarsAndStrings() {
        roundTrip(DataNull.INSTANCE, "f6");
        roundTrip(DataBool.TRUE, "f5");
        roundTrip(DataBool.FALSE, "f4");
        roundTrip(new DataString(""), "60");
        roundTrip(new DataString("a"), "6161");
        roundTrip(new DataString("ü"), "62c3bc");
        roundTrip(new DataString("\uD83D\uDE00"), "64f09f9880");
        roundTrip(new DataString("x".repeat(24)), "7818" + "78".repeat(24));
        roundTrip(new DataBytes(new byte[] {1, 2, 3}), "43010203");
        roundTrip(DataList.EMPTY, "80");
        roundTrip(DataValue.list(new DataInt(1), DataNull.INSTANCE), "8201f6");
        roundTrip(DataMap.EMPTY, "a0");
    }

    @Test
    void mapKeysSortByLengthThenBytes() {
        Map<String, DataValue> m = new LinkedHashMap<>();
        m.put("bb", new DataInt(1));
        m.put("a", new DataInt(2));
        m.put("b", new DataInt(3));
        m.put("aaa", new DataInt(4));
        DataMap map = DataMap.of(m);
        assertEquals(List.of("a", "b", "bb", "aaa"), map.keys());
        roundTrip(map, "a4 6161 02 6162 03 626262 01 63616161 04");
        assertEquals(new DataInt(1), map.get("bb"));
        assertEquals(null, map.get("zz"));
    }

    @Test
    void linkIsTag42WithZeroPrefix() {
        Cid cid = Cid.parse(CidTest.DAG_CBOR_CID);
        roundTrip(new DataLink(cid), "d82a 5825 00" + Hex.hex(cid.toBytes()));
    }

    @Test
    void matchesInteropFixtureBytes() {
        // second entry of data-model-fixtures.json, carried here so the test needs no ../shared
        DataMap blob = DataMap.builder()
                .put("$type", "blob")
                .put("ref", Cid.parse(CidTest.RAW_CID))
                .put("mimeType", "image/jpeg")
                .put("size", 10000)
                .build();
        DataMap v = DataMap.builder()
                .put("a", Cid.parse(CidTest.DAG_CBOR_CID))
                .put("b", Base64.getDecoder().decode("nFERjvLLiw9qm45JrqH9QTzyC2Lu1Xb4ne6+sBrCzI0="))
                .put("c", blob)
                .build();
        byte[] expected = Base64.getDecoder().decode(
                "o2Fh2CpYJQABcRIgZQYqWloA/BbXPGlEI3zLwVscSnI0SJM2iR0JF0GiOdBhYlggnFERjvLLiw9qm45JrqH9QTzyC2Lu1Xb4ne6+sBrCzI1hY6RjcmVm2CpYJQABVRIgQljP/3j2E2l2l1Y/kmyR5dNXTS6iWuftktbr/COjiJ5kc2l6ZRknEGUkdHlwZWRibG9iaG1pbWVUeXBlamltYWdlL2pwZWc");
        assertArrayEquals(expected, DagCbor.encode(v));
        assertEquals("bafyreihldkhcwijkde7gx4rpkkuw7pl6lbyu5gieunyc7ihactn5bkd2nm", DagCbor.cidOf(v).toString());
        assertEquals(v, DagCbor.decode(expected));
    }

    @Test
    void encoderRefusesUnpairedSurrogates() {
        assertThrows(DataModelException.class, () -> DagCbor.encode(new DataString("a\uD800b")));
        assertThrows(DataModelException.class, () -> DagCbor.encode(new DataString("\uDC00")));
        assertThrows(DataModelException.class, () -> DataMap.builder().put("\uD800", 1).build());
    }

    @Test
    void decodeFirstReadsValuesBackToBack() {
        byte[] frame = Hex.bytes("a1 626f70 01" + "a1 6174 6723636f6d6d6974".replace(" ", ""));
        assertArrayEquals(frame, DagCbor.encodeSequence(DataMap.of("op", new DataInt(1)), DataMap.of("t", new DataString("#commit"))));
        DagCbor.Decoded header = DagCbor.decodeFirst(frame, 0, frame.length, DecodeLimits.DEFAULT);
        assertEquals(DataMap.of("op", new DataInt(1)), header.value());
        DataValue body = DagCbor.decode(frame, header.end(), frame.length - header.end(), DecodeLimits.DEFAULT);
        assertEquals("#commit", ((DataMap) body).getString("t"));
    }
}
