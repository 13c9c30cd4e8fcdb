package dev.pds.core.lexicon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.core.data.DataJson;
import dev.pds.core.error.XrpcException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Our own small lexicons and records, so the validator is checked without the interop fixtures. */
class LexiconValidatorTest {
    private static final String NOTE = """
            {"lexicon": 1, "id": "com.example.note", "defs": {
              "main": {"type": "record", "key": "tid", "record": {"type": "object",
                "required": ["text", "createdAt"], "nullable": ["mood"],
                "properties": {
                  "text": {"type": "string", "maxLength": 30, "maxGraphemes": 5},
                  "createdAt": {"type": "string", "format": "datetime"},
                  "subject": {"type": "string", "format": "at-uri"},
                  "mood": {"type": "string", "knownValues": ["happy"]},
                  "kind": {"type": "ref", "ref": "#kindRef"},
                  "tags": {"type": "array", "maxLength": 2, "items": {"type": "string", "minLength": 1}},
                  "media": {"type": "union", "refs": ["#image", "com.example.other#thing"]},
                  "strict": {"type": "union", "refs": ["#image"], "closed": true},
                  "extra": {"type": "unknown"},
                  "count": {"type": "integer", "minimum": 0, "enum": [0, 1, 2]}}}},
              "kindRef": {"type": "string", "enum": ["a", "b"]},
              "image": {"type": "object", "required": ["alt", "image"], "properties": {
                "alt": {"type": "string"},
                "image": {"type": "blob", "accept": ["image/*"], "maxSize": 1000}}},
              "flag": {"type": "token"}}}
            """;
    private static final String OTHER = """
            {"lexicon": 1, "id": "com.example.other", "defs": {
              "main": {"type": "record", "key": "literal:self", "record": {"type": "object", "properties": {}}},
              "thing": {"type": "object", "properties": {"n": {"type": "integer"}}}}}
            """;
    private static final String BLOB = "{\"$type\": \"blob\", \"ref\": {\"$link\": "
            + "\"bafkreibme22gw2h7y2h7tg2fhqotaqjucnbc24deqo72b6mkl2egezxhvy\"}, \"mimeType\": \"%s\", \"size\": %d}";

    private final LexiconValidator validator = new LexiconValidator(
            LexiconCatalog.of(List.of(LexiconCatalog.parse(NOTE), LexiconCatalog.parse(OTHER))));

    private Optional<ValidationStatus> note(String json, ValidateMode mode) {
        return validator.validateRecord("com.example.note", "3kznmn7xqxl22", DataJson.read(json), mode);
    }

    private String fails(String json) {
        XrpcException e = assertThrows(XrpcException.class, () -> note(json, ValidateMode.IF_KNOWN));
        assertEquals("InvalidRecord", e.error());
        assertEquals(400, e.status().code());
        return e.getMessage();
    }

    private static String rec(String fields) {
        return "{\"$type\": \"com.example.note\", \"createdAt\": \"2024-01-02T03:04:05.678Z\"" + fields + "}";
    }

    @Test
    void aGoodRecordIsValid() {
        String json = rec(", \"text\": \"héllo\", \"mood\": null, \"kind\": \"a\", \"tags\": [\"x\"], \"count\": 2,"
                + " \"subject\": \"at://did:plc:abc/com.example.note/3kznmn7xqxl22\","
                + " \"media\": {\"$type\": \"com.example.note#image\", \"alt\": \"\", \"image\": " + BLOB.formatted("image/png", 10) + "},"
                + " \"extra\": {\"anything\": [1, 2]}");
        assertEquals(Optional.of(ValidationStatus.VALID), note(json, ValidateMode.IF_KNOWN));
        assertEquals(Optional.of(ValidationStatus.VALID), note(json, ValidateMode.REQUIRE));
        assertEquals(Optional.empty(), note(json, ValidateMode.SKIP));
    }

    @Test
    void badRecordsNameThePath() {
        assertEquals("Record must have the property \"text\"", fails(rec("")));
        assertEquals("Record/text must be a string", fails(rec(", \"text\": 5")));
        assertEquals("Record/text must not be longer than 5 graphemes", fails(rec(", \"text\": \"abcdef\"")));
        assertEquals("Record/text must not be longer than 30 characters", fails(rec(", \"text\": \"" + "é".repeat(16) + "\"")));
        assertEquals("Record/createdAt must be a valid datetime", fails(
                "{\"$type\": \"com.example.note\", \"text\": \"a\", \"createdAt\": \"yesterday\"}"));
        assertEquals("Record/subject must be a valid at-uri", fails(rec(", \"text\": \"a\", \"subject\": \"https://x\"")));
        assertEquals("Record/kind must be one of [a, b]", fails(rec(", \"text\": \"a\", \"kind\": \"c\"")));
        assertEquals("Record/tags must not have more than 2 elements", fails(rec(", \"text\": \"a\", \"tags\": [\"a\", \"b\", \"c\"]")));
        assertEquals("Record/tags/1 must not be shorter than 1 characters", fails(rec(", \"text\": \"a\", \"tags\": [\"a\", \"\"]")));
        assertEquals("Record/count must be one of [0, 1, 2]", fails(rec(", \"text\": \"a\", \"count\": 3")));
        assertEquals("Record/count can not be less than 0", fails(rec(", \"text\": \"a\", \"count\": -1")));
        assertEquals("Record/extra must be an object", fails(rec(", \"text\": \"a\", \"extra\": " + BLOB.formatted("image/png", 1))));
        assertEquals("Record/media/image mime type text/plain is not accepted ([image/*])", fails(rec(
                ", \"text\": \"a\", \"media\": {\"$type\": \"com.example.note#image\", \"alt\": \"\", \"image\": " + BLOB.formatted("text/plain", 1) + "}")));
        assertEquals("Record/media/image cannot be larger than 1000 bytes", fails(rec(
                ", \"text\": \"a\", \"media\": {\"$type\": \"com.example.note#image\", \"alt\": \"\", \"image\": " + BLOB.formatted("image/png", 1001) + "}")));
        assertEquals("Record/media/alt must be a string", fails(rec(
                ", \"text\": \"a\", \"media\": {\"$type\": \"com.example.note#image\", \"alt\": 1, \"image\": " + BLOB.formatted("image/png", 1) + "}")));
        assertEquals("Record/mood must be a string", fails(rec(", \"text\": \"a\", \"mood\": 1")));
        assertEquals("Record/text must be a string", fails(rec(", \"text\": null")));
    }

    @Test
    void unionsOpenAndClosed() {
        assertEquals(Optional.of(ValidationStatus.VALID), note(rec(", \"text\": \"a\", \"media\": {\"$type\": \"com.example.future#view\"}"), ValidateMode.IF_KNOWN));
        assertEquals(Optional.of(ValidationStatus.VALID), note(rec(", \"text\": \"a\", \"media\": {\"$type\": \"com.example.other#thing\", \"n\": 1}"), ValidateMode.IF_KNOWN));
        assertEquals("Record/media/n must be an integer", fails(rec(", \"text\": \"a\", \"media\": {\"$type\": \"com.example.other#thing\", \"n\": \"1\"}")));
        assertEquals("Record/media must be an object which includes the \"$type\" property", fails(rec(", \"text\": \"a\", \"media\": {\"n\": 1}")));
        assertTrue(fails(rec(", \"text\": \"a\", \"strict\": {\"$type\": \"com.example.future#view\"}")).startsWith("Record/strict $type must be one of"));
    }

    @Test
    void unknownCollectionsAndTypes() {
        String unknown = "{\"$type\": \"com.example.unknown\", \"whatever\": 1}";
        assertEquals(Optional.of(ValidationStatus.UNKNOWN),
                validator.validateRecord("com.example.unknown", "x", DataJson.read(unknown), ValidateMode.IF_KNOWN));
        XrpcException required = assertThrows(XrpcException.class,
                () -> validator.validateRecord("com.example.unknown", "x", DataJson.read(unknown), ValidateMode.REQUIRE));
        assertEquals("InvalidRecord", required.error());
        XrpcException wrongType = assertThrows(XrpcException.class,
                () -> validator.validateRecord("com.example.note", "3kznmn7xqxl22", DataJson.read(unknown), ValidateMode.IF_KNOWN));
        assertEquals("Record/$type must be com.example.note", wrongType.getMessage());
        assertEquals(ValidateMode.IF_KNOWN, ValidateMode.of(null));
        assertEquals(ValidateMode.REQUIRE, ValidateMode.of(true));
        assertEquals(ValidateMode.SKIP, ValidateMode.of(false));
    }

    @Test
    void recordKeysFollowTheKeyType() {
        String other = "{\"$type\": \"com.example.other\"}";
        assertEquals(Optional.of(ValidationStatus.VALID),
                validator.validateRecord("com.example.other", "self", DataJson.read(other), ValidateMode.IF_KNOWN));
        assertThrows(XrpcException.class,
                () -> validator.validateRecord("com.example.other", "other", DataJson.read(other), ValidateMode.IF_KNOWN));
        assertThrows(XrpcException.class, () -> validator.validateRecord("com.example.note", "not-a-tid",
                DataJson.read(rec(", \"text\": \"a\"")), ValidateMode.IF_KNOWN));
    }

    @Test
    void inputsFailAsInvalidRequest() {
        XrpcException e = assertThrows(XrpcException.class,
                () -> validator.validate("com.example.note#image", DataJson.read("{\"alt\": \"x\"}"), "Input"));
        assertEquals("InvalidRequest", e.error());
        assertEquals("Input must have the property \"image\"", e.getMessage());
    }

    @Test
    void brokenDocumentsAreRefusedAtLoad() {
        LexiconException broken = assertThrows(LexiconException.class, () -> LexiconCatalog.of(List.of(LexiconCatalog.parse(
                "{\"lexicon\": 1, \"id\": \"com.example.x\", \"defs\": {\"main\": {\"type\": \"object\", "
                        + "\"properties\": {\"a\": {\"type\": \"ref\", \"ref\": \"com.example.missing#def\"}}}}}"))));
        assertTrue(broken.getMessage().contains("com.example.missing#def"), broken.getMessage());
        assertThrows(LexiconException.class, () -> LexiconCatalog.of(List.of(LexiconCatalog.parse(NOTE), LexiconCatalog.parse(NOTE))));
        assertThrows(LexiconException.class, () -> LexiconCatalog.parse(
                "{\"lexicon\": 1, \"id\": \"com.example.x\", \"defs\": {\"main\": {\"type\": \"string\", \"format\": \"colour\"}}}"));
        assertThrows(LexiconException.class, () -> LexiconCatalog.parse(
                "{\"lexicon\": 1, \"id\": \"com.example.x\", \"defs\": {\"main\": {\"type\": \"record\", \"key\": \"sometimes\", "
                        + "\"record\": {\"type\": \"object\"}}}}"));
        assertThrows(LexiconException.class, () -> LexiconCatalog.parse(
                "{\"lexicon\": 1, \"id\": \"com.example.x\", \"defs\": {\"main\": {\"type\": \"query\", "
                        + "\"parameters\": {\"type\": \"params\", \"properties\": {\"o\": {\"type\": \"object\"}}}}}}"));
    }
}
