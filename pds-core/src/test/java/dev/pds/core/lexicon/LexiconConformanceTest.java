package dev.pds.core.lexicon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pds.core.data.DataJson;
import dev.pds.core.data.DataModelException;
import dev.pds.core.data.DataValue;
import dev.pds.core.error.XrpcException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The atproto interop lexicon fixtures ({@code lexicon/}): document parsing (valid and invalid
 * documents) and record validation against the documents in {@code lexicon/catalog/}; one
 * dynamic test per fixture entry.
 */
class LexiconConformanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path lexiconDir() {
        String dir = System.getProperty("atproto.interop.dir");
        assumeTrue(dir != null && !dir.isBlank(), "atproto.interop.dir is not set");
        Path lexicon = Path.of(dir, "lexicon");
        assumeTrue(Files.isDirectory(lexicon), "interop fixtures not found at " + lexicon);
        return lexicon;
    }

    private static List<JsonNode> entries(String file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(lexiconDir().resolve(file).toFile()).forEach(out::add);
        assertTrue(out.size() > 0, file + " has no entries");
        return out;
    }

    @TestFactory
    Stream<DynamicTest> validDocumentsParse() throws IOException {
        return entries("lexicon-valid.json").stream().map(e -> DynamicTest.dynamicTest(e.get("name").asText(), () -> {
            LexiconDocument doc = LexiconParser.parse(e.get("lexicon"));
            assertEquals(e.get("lexicon").get("id").asText(), doc.id().toString());
            assertEquals(e.get("lexicon").get("defs").size(), doc.defs().size());
        }));
    }

    @TestFactory
    Stream<DynamicTest> invalidDocumentsAreRefused() throws IOException {
        return entries("lexicon-invalid.json").stream().map(e -> DynamicTest.dynamicTest(e.get("name").asText(),
                () -> assertThrows(LexiconException.class, () -> LexiconParser.parse(e.get("lexicon")))));
    }

    /**
     * The record fixtures all target {@code example.lexicon.record}; the other catalog documents
     * refer to app.bsky defs that are not part of the fixtures, so only that one is loaded.
     */
    private static LexiconValidator recordCatalogValidator() throws IOException {
        JsonNode record = JSON.readTree(lexiconDir().resolve("catalog/record.json").toFile());
        return new LexiconValidator(LexiconCatalog.of(List.of(LexiconParser.parse(record))));
    }

    @TestFactory
    Stream<DynamicTest> catalogDocumentsParse() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(lexiconDir().resolve("catalog"))) {
            files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertTrue(!files.isEmpty(), "no catalog documents");
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            JsonNode json = JSON.readTree(file.toFile());
            assertEquals(json.get("id").asText(), LexiconParser.parse(json).id().toString());
        }));
    }

    @TestFactory
    Stream<DynamicTest> validRecordsPass() throws IOException {
        LexiconValidator validator = recordCatalogValidator();
        return entries("record-data-valid.json").stream().map(e -> DynamicTest.dynamicTest(e.get("name").asText(), () -> {
            DataValue data = DataJson.fromJsonNode(e.get("data"));
            String collection = e.get("data").get("$type").asText();
            assertEquals(Optional.of(ValidationStatus.VALID),
                    validator.validateRecord(collection, e.get("rkey").asText(), data, ValidateMode.REQUIRE));
        }));
    }

    @TestFactory
    Stream<DynamicTest> invalidRecordsFail() throws IOException {
        LexiconValidator validator = recordCatalogValidator();
        return entries("record-data-invalid.json").stream().map(e -> DynamicTest.dynamicTest(e.get("name").asText(), () -> {
            DataValue data;
            try {
                data = DataJson.fromJsonNode(e.get("data"));
            } catch (DataModelException notData) {
                return; // not even valid data: refused before any lexicon is consulted
            }
            String collection = e.get("data").get("$type").asText();
            XrpcException failure = assertThrows(XrpcException.class,
                    () -> validator.validateRecord(collection, e.get("rkey").asText(), data, ValidateMode.REQUIRE));
            assertEquals("InvalidRecord", failure.error());
            assertEquals(400, failure.status().code());
        }));
    }
}
