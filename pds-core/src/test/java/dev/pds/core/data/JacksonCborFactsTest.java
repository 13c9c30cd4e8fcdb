package dev.pds.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Why DAG-CBOR is hand-written (docs/DATA-MODEL.md): these pin the behaviour of
 * jackson-dataformat-cbor that rules it out. If one fails after an upgrade, revisit the choice.
 */
class JacksonCborFactsTest {
    private static final CBORFactory CBOR = new CBORFactory();

    @Test
    void generatorWritesLongStringsAsIndefiniteChunks() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator g = CBOR.createGenerator(out)) {
            g.writeString("x".repeat(100_000));
        }
        assertEquals(0x7f, out.toByteArray()[0] & 0xff, "indefinite-length text string");
        // our encoder: one definite-length string, and our decoder refuses Jackson's form
        assertEquals(0x7a, DagCbor.encode(new DataString("x".repeat(100_000)))[0] & 0xff);
        assertThrowsDataModel(out.toByteArray());
    }

    @Test
    void parserAcceptsNonShortestIntegers() throws IOException {
        byte[] nonShortest = Hex.bytes("1b0000000000000001");
        try (CBORParser p = CBOR.createParser(nonShortest)) {
            assertEquals(JsonToken.VALUE_NUMBER_INT, p.nextToken());
            assertEquals(1, p.getIntValue());
        }
        assertThrowsDataModel(nonShortest);
    }

    @Test
    void parserAcceptsUnsortedDuplicateKeysAndIndefiniteLengths() throws IOException {
        for (String hex : new String[] {"a2616201616101", "a2616101616102", "bf616101ff"}) {
            byte[] b = Hex.bytes(hex);
            try (CBORParser p = CBOR.createParser(b)) {
                int tokens = 0;
                while (p.nextToken() != null) {
                    tokens++;
                }
                assertTrue(tokens > 0);
            }
            assertThrowsDataModel(b);
        }
    }

    private static void assertThrowsDataModel(byte[] b) {
        org.junit.jupiter.api.Assertions.assertThrows(DataModelException.class, () -> DagCbor.decode(b));
    }
}
