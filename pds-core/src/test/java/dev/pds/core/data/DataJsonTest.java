package dev.pds.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DataJsonTest {
    private static final String LINK = CidTest.DAG_CBOR_CID;
    private static final String BLOB_CID = CidTest.RAW_CID;

    private static void rejects(String json, String messagePart) {
        DataModelException e = assertThrows(DataModelException.class, () -> DataJson.readObject(json), json);
        assertTrue(e.getMessage().contains(messagePart), () -> "message \"" + e.getMessage() + "\" lacks \"" + messagePart + "\"");
    }

    @Test
    void readsScalarsListsAndSpecialObjects() {
        DataMap m = DataJson.readObject("{\"s\":\"x\",\"i\":-5,\"t\":true,\"n\":null,\"l\":[1,\"a\"],"
                + "\"link\":{\"$link\":\"" + LINK + "\"},\"b\":{\"$bytes\":\"AQID\"}}");
        assertEquals(new DataString("x"), m.get("s"));
        assertEquals(new DataInt(-5), m.get("i"));
        assertEquals(DataBool.TRUE, m.get("t"));
        assertEquals(DataNull.INSTANCE, m.get("n"));
        assertEquals(DataValue.list(new DataInt(1), new DataString("a")), m.get("l"));
        assertEquals(new DataLink(Cid.parse(LINK)), m.get("link"));
        assertEquals(new DataBytes(new byte[] {1, 2, 3}), m.get("b"));
    }

    @Test
    void writesTheSameForms() throws Exception {
        DataMap m = DataMap.builder()
                .put("link", Cid.parse(LINK))
                .put("b", new byte[] {1, 2, 3, 4})
                .put("big", Long.MIN_VALUE)
                .putNull("n")
                .build();
        String json = DataJson.write(m);
        assertEquals("{\"b\":{\"$bytes\":\"AQIDBA\"},\"n\":null,\"big\":-9223372036854775808,\"link\":{\"$link\":\"" + LINK + "\"}}", json);
        assertEquals(m, DataJson.readObject(json));
        assertArrayEquals(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), DataJson.writeBytes(m));
        assertEquals(new ObjectMapper().readTree(json), DataJson.toJsonNode(m));
    }

    @Test
    void integralFloatsBecomeIntegers() {
        assertEquals(new DataInt(123), DataJson.readObject("{\"a\":123.0}").get("a"));
        assertEquals(new DataInt(1000), DataJson.readObject("{\"a\":1e3}").get("a"));
        assertEquals(new DataInt(0), DataJson.readObject("{\"a\":-0.0}").get("a"));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiter = '|', value = {
        "{\"a\":1.5} | floating point",
        "{\"a\":1e-3} | floating point",
        "{\"a\":1e300} | too large",
        "{\"a\":9223372036854775808} | 64-bit range",
        "{\"a\":1,\"a\":2} | duplicate key",
        "[1] | top level",
        "\"x\" | top level",
        "{\"a\":1} {} | trailing",
        "{\"a\": | invalid JSON",
        "'' | empty",
        "{\"a\":\"\\ud800\"} | surrogate",
        "{\"\\udc00\":1} | surrogate",
        "{\"l\":{\"$link\":\"" + "Qmb\"}} | CIDv0",
        "{\"l\":{\"$link\":\"zdj7WWeQ43G6JJvLWQWZpyHuAMq6uYWRjkBXFad11vE2LHhQ7\"}} | base32",
        "{\"l\":{\"$link\":null}} | $link must be a string",
        "{\"b\":{\"$bytes\":\"AQI=\"}} | without padding",
        "{\"b\":{\"$bytes\":\"A Q\"}} | not valid base64",
        "{\"b\":{\"$bytes\":\"AQ\",\"$type\":\"x\"}} | no other keys",
        "{\"$type\":\"\"} | non-empty string",
        "{\"$type\":[\"a\"]} | non-empty string",
        "{\"blb\":{\"$type\":\"blob\",\"ref\":\"" + "bafkreiccldh766hwcnuxnf2wh6jgzepf2nlu2lvcllt63eww5p6chi4ity\",\"mimeType\":\"a/b\",\"size\":1}} | must be a link",
        "{\"blb\":{\"$type\":\"blob\",\"ref\":{\"$link\":\"bafkreiccldh766hwcnuxnf2wh6jgzepf2nlu2lvcllt63eww5p6chi4ity\"},\"mimeType\":\"a/b\",\"size\":-1}} | non-negative",
        "{\"blb\":{\"$type\":\"blob\",\"ref\":{\"$link\":\"bafkreiccldh766hwcnuxnf2wh6jgzepf2nlu2lvcllt63eww5p6chi4ity\"},\"mimeType\":1,\"size\":1}} | mimeType",
        "{\"blb\":{\"$type\":\"blob\",\"ref\":{\"$link\":\"bafkreiccldh766hwcnuxnf2wh6jgzepf2nlu2lvcllt63eww5p6chi4ity\"},\"mimeType\":\"a/b\",\"size\":1,\"x\":1}} | exactly",
    })
    void refusesWhatTheDataModelForbids(String json, String message) {
        rejects(json, message);
    }

    @Test
    void enforcesLimits() {
        String deep = "{\"a\":".repeat(10) + "1" + "}".repeat(10);
        DataJson.readObject(deep.getBytes(), DecodeLimits.DEFAULT.withMaxDepth(10));
        assertThrows(DataModelException.class, () -> DataJson.readObject(deep.getBytes(), DecodeLimits.DEFAULT.withMaxDepth(9)));
        byte[] list = "{\"a\":[1,2,3]}".getBytes();
        DataJson.readObject(list, DecodeLimits.DEFAULT.withMaxItems(4));
        assertThrows(DataModelException.class, () -> DataJson.readObject(list, DecodeLimits.DEFAULT.withMaxItems(3)));
        assertThrows(DataModelException.class, () -> DataJson.readObject(list, DecodeLimits.DEFAULT.withMaxBytes(5)));
    }

    @Test
    void blobRefsReadBothFormsAndAreFound() {
        DataMap rec = DataJson.readObject("{\"$type\":\"app.bsky.feed.post\",\"embed\":{\"images\":[{\"image\":"
                + "{\"$type\":\"blob\",\"ref\":{\"$link\":\"" + BLOB_CID + "\"},\"mimeType\":\"image/jpeg\",\"size\":10000}}]}}");
        var found = BlobRef.findAll(rec);
        assertEquals(1, found.size());
        BlobRef ref = found.get(0);
        assertEquals(new BlobRef(Cid.parse(BLOB_CID), "image/jpeg", 10000), ref);
        assertEquals(ref, BlobRef.from(ref.toDataMap()));

        DataMap legacy = DataJson.readObject("{\"cid\":\"" + BLOB_CID + "\",\"mimeType\":\"image/png\"}");
        BlobRef old = BlobRef.from(legacy);
        assertTrue(old.isLegacy());
        assertEquals(Cid.parse(BLOB_CID), old.ref());
        assertEquals(legacy, old.toDataMap());
        assertThrows(DataModelException.class, () -> BlobRef.from(DataMap.of("cid", new DataString(BLOB_CID))));
        assertThrows(DataModelException.class, () -> BlobRef.from(new DataString("x")));
    }
}
