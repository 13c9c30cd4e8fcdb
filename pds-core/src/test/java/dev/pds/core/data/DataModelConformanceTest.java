package dev.pds.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pds.core.syntax.CidSyntax;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The atproto interop fixtures for the data model and CID syntax, one test per entry. */
class DataModelConformanceTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Jackson reads 123 as IntNode and may write LongNode; the data model only cares about the value. */
    private static final Comparator<JsonNode> NUMERIC = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private static Path dir() {
        String d = System.getProperty("atproto.interop.dir");
        assumeTrue(d != null && Files.isDirectory(Path.of(d)), "interop fixtures not present: " + d);
        return Path.of(d);
    }

    private static JsonNode json(Path p) throws IOException {
        return MAPPER.readTree(Files.readAllBytes(p));
    }

    @TestFactory
    Stream<DynamicTest> fixturesJsonToCborToCid() throws IOException {
        JsonNode all = json(dir().resolve("data-model/data-model-fixtures.json"));
        List<DynamicTest> tests = new ArrayList<>();
        int i = 0;
        for (JsonNode f : all) {
            String cid = f.get("cid").asText();
            byte[] cbor = Base64.getDecoder().decode(f.get("cbor_base64").asText());
            JsonNode json = f.get("json");
            tests.add(DynamicTest.dynamicTest("fixture " + (i++) + " " + cid, () -> {
                // JSON text -> data model -> exact CBOR bytes -> exact CID
                DataMap fromJson = DataJson.readObject(MAPPER.writeValueAsBytes(json));
                assertArrayEquals(cbor, DagCbor.encode(fromJson), "CBOR bytes");
                assertEquals(cid, DagCbor.cidOf(fromJson).toString(), "CID");
                assertEquals(cid, Cid.ofDagCbor(cbor).toString(), "CID of fixture bytes");
                // CBOR -> data model -> JSON gives the fixture's JSON back
                DataValue decoded = DagCbor.decode(cbor);
                assertEquals(fromJson, decoded);
                JsonNode back = DataJson.toJsonNode(decoded);
                assertTrue(json.equals(NUMERIC, back), () -> "JSON round trip: " + back);
                JsonNode backText = MAPPER.readTree(DataJson.writeBytes(decoded));
                assertTrue(json.equals(NUMERIC, backText), () -> "JSON text round trip: " + backText);
                // and the tree conversion agrees with the streaming one
                assertEquals(fromJson, DataJson.fromJsonNode(json));
            }));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> validDataModelJson() throws IOException {
        JsonNode all = json(dir().resolve("data-model/data-model-valid.json"));
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode f : all) {
            tests.add(DynamicTest.dynamicTest("valid: " + f.get("note").asText(), () -> {
                byte[] text = MAPPER.writeValueAsBytes(f.get("json"));
                DataMap v = DataJson.readObject(text);
                assertEquals(v, DagCbor.decode(DagCbor.encode(v)));
                assertEquals(v, DataJson.fromJsonNode(f.get("json")));
            }));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> invalidDataModelJson() throws IOException {
        JsonNode all = json(dir().resolve("data-model/data-model-invalid.json"));
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode f : all) {
            tests.add(DynamicTest.dynamicTest("invalid: " + f.get("note").asText(), () -> {
                byte[] text = MAPPER.writeValueAsBytes(f.get("json"));
                assertThrows(DataModelException.class, () -> DataJson.readObject(text));
                if (f.get("json").isObject()) {
                    assertThrows(DataModelException.class, () -> DataJson.fromJsonNode(f.get("json")));
                }
            }));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> cidSyntaxValid() throws IOException {
        return lines("syntax/cid_syntax_valid.txt").map(s -> DynamicTest.dynamicTest("valid CID: " + s, () -> {
            assertTrue(CidSyntax.isValid(s));
            if (s.startsWith("b")) {
                assertEquals(s, Cid.parse(s).toString());
            } else {
                // Valid CID syntax in other multibases (base58btc, base64, base16, ...): atproto
                // writes CIDs in base32 only, so the strict parser refuses them, saying why.
                DataModelException e = assertThrows(DataModelException.class, () -> Cid.parse(s));
                assertTrue(e.getMessage().contains("base32"), e.getMessage());
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> cidSyntaxInvalid() throws IOException {
        return lines("syntax/cid_syntax_invalid.txt").map(s -> DynamicTest.dynamicTest("invalid CID: '" + s + "'", () -> {
            assertFalse(CidSyntax.isValid(s));
            assertThrows(DataModelException.class, () -> Cid.parse(s));
        }));
    }

    /** Fixture lines, untrimmed (some test surrounding whitespace); blank lines and comments skipped. */
    private static Stream<String> lines(String name) throws IOException {
        return Files.readAllLines(dir().resolve(name), StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isEmpty() && !l.startsWith("#"));
    }
}
