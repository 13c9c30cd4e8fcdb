package dev.pds.server.lexicon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pds.core.error.XrpcException;
import org.junit.jupiter.api.Test;

class LexiconValidatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    // a procedure in the shape of com.atproto.repo.createRecord, with a union and a ref to another document
    private static final String POST_THING = "{\"lexicon\":1,\"id\":\"com.example.postThing\",\"defs\":{"
            + "\"main\":{\"type\":\"procedure\",\"input\":{\"encoding\":\"application/json\",\"schema\":{"
            + "\"type\":\"object\",\"required\":[\"repo\",\"text\"],\"nullable\":[\"note\"],\"properties\":{"
            + "\"repo\":{\"type\":\"string\",\"format\":\"at-identifier\"},"
            + "\"text\":{\"type\":\"string\",\"maxLength\":20,\"maxGraphemes\":5},"
            + "\"note\":{\"type\":\"string\"},"
            + "\"validate\":{\"type\":\"boolean\",\"default\":true},"
            + "\"count\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":10},"
            + "\"kind\":{\"type\":\"string\",\"enum\":[\"a\",\"b\"]},"
            + "\"tags\":{\"type\":\"array\",\"maxLength\":2,\"items\":{\"type\":\"string\",\"maxLength\":4}},"
            + "\"embed\":{\"type\":\"union\",\"refs\":[\"#image\",\"com.example.defs#link\"]},"
            + "\"strict\":{\"type\":\"union\",\"closed\":true,\"refs\":[\"#image\"]},"
            + "\"swap\":{\"type\":\"string\",\"format\":\"cid\"},"
            + "\"record\":{\"type\":\"unknown\"},"
            + "\"raw\":{\"type\":\"bytes\",\"maxLength\":4},"
            + "\"link\":{\"type\":\"cid-link\"},"
            + "\"author\":{\"type\":\"ref\",\"ref\":\"com.example.defs#author\"}}}}},"
            + "\"image\":{\"type\":\"object\",\"required\":[\"alt\"],\"properties\":{"
            + "\"alt\":{\"type\":\"string\"},\"file\":{\"type\":\"blob\",\"maxSize\":1000}}}}}";
    private static final String DEFS = "{\"lexicon\":1,\"id\":\"com.example.defs\",\"defs\":{"
            + "\"link\":{\"type\":\"object\",\"required\":[\"uri\"],\"properties\":{\"uri\":{\"type\":\"string\",\"format\":\"uri\"}}},"
            + "\"author\":{\"type\":\"object\",\"properties\":{\"did\":{\"type\":\"string\",\"format\":\"did\"}}}}}";
    private static final String CID = "bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm";

    private final LexiconValidator validator = new LexiconValidator(LexiconCatalog.empty().with(POST_THING, DEFS));

    @Test
    void validInputPassesAndGetsDefaults() throws Exception {
        JsonNode input = JSON.readTree("{\"repo\":\"alice.test\",\"text\":\"héllo\",\"note\":null,\"count\":10,"
                + "\"kind\":\"b\",\"tags\":[\"x\",\"yz\"],\"embed\":{\"$type\":\"com.example.defs#link\",\"uri\":\"https://a.b/\"},"
                + "\"strict\":{\"$type\":\"com.example.postThing#image\",\"alt\":\"cat\",\"file\":{\"$type\":\"blob\","
                + "\"ref\":{\"$link\":\"" + CID + "\"},\"mimeType\":\"image/png\",\"size\":999}},"
                + "\"swap\":\"" + CID + "\",\"record\":{\"$type\":\"anything\"},\"raw\":{\"$bytes\":\"AQID\"},"
                + "\"link\":{\"$link\":\"" + CID + "\"},\"author\":{\"did\":\"did:plc:abc\"},\"extra\":[1,2]}");

        JsonNode result = validator.validateInput("com.example.postThing", input);

        assertEquals(true, result.get("validate").asBoolean(), "default filled in");
    }

    @Test
    void aRequiredPropertyWithADefaultMayBeLeftOut() throws Exception {
        // the shape of com.atproto.server.createInviteCodes: codeCount is required and defaults to 1
        LexiconValidator v = new LexiconValidator(LexiconCatalog.empty().with("{\"lexicon\":1,\"id\":\"com.example.codes\","
                + "\"defs\":{\"main\":{\"type\":\"procedure\",\"input\":{\"encoding\":\"application/json\",\"schema\":{"
                + "\"type\":\"object\",\"required\":[\"codeCount\",\"useCount\"],\"properties\":{"
                + "\"codeCount\":{\"type\":\"integer\",\"default\":1},\"useCount\":{\"type\":\"integer\"}}}}}}}"));
        assertEquals(1, v.validateInput("com.example.codes", JSON.readTree("{\"useCount\":2}")).get("codeCount").asInt());
        XrpcException e = assertThrows(XrpcException.class,
                () -> v.validateInput("com.example.codes", JSON.readTree("{\"codeCount\":2}")));
        assertEquals("Input must have the property \"useCount\"", e.getMessage());
    }

    @Test
    void openUnionsAcceptUnknownTypes() throws Exception {
        validator.validateInput("com.example.postThing",
                JSON.readTree("{\"repo\":\"did:plc:abc\",\"text\":\"x\",\"embed\":{\"$type\":\"com.other.thing\",\"z\":1}}"));
    }

    @Test
    void eachViolationSaysWhereAndWhat() {
        rejected("{\"text\":\"x\"}", "Input must have the property \"repo\"");
        rejected("{\"repo\":\"alice.test\",\"text\":null}", "Input/text must be a string");
        rejected("{\"repo\":\"not a handle\",\"text\":\"x\"}", "Input/repo must be a valid at-identifier");
        rejected("{\"repo\":\"a.test\",\"text\":\"éééééééééééé\"}", "Input/text must not be longer than 20 characters");
        rejected("{\"repo\":\"a.test\",\"text\":\"abcdef\"}", "Input/text must not be longer than 5 graphemes");
        rejected("{\"repo\":\"a.test\",\"text\":\"x\",\"validate\":\"yes\"}", "Input/validate must be a boolean");
        rejected("{\"repo\":\"a.test\",\"text\":\"x\",\"count\":1.5}", "Input/count must be an integer");
        rejected("{\"repo\":\"a.test\",\"text\":\"x\",\"count\":11}", "Input/count can not be greater than 10");
        rejected("{\"repo\":\"a.test\",\"text\":\"x\",\"kind\":\"c\"}", "Input/kind must be one of [\"a\",\"b\"]");
        rejected("{\"repo\":\"a.test\",\"text\":\"x\",\"tags\":[\"a\",\"b\",\"c\"]}", "Input/tags must not have more than 2 elements");
        rejected("{\"repo\":\"a.test\",\"text\":\"x\",\"tags\":[\"a\",\"toolong\"]}", "Input/tags/1 must not be longer than 4 characters");
        rejected("{\"repo\":\"a.test\",\"text\":\"x\",\"embed\":{\"alt\":\"no type\"}}",
                "Input/embed must be an object which includes the \"$type\" property");
        rejected("{\"repo\":\"a.test\",\"text\":\"x\",\"embed\":{\"$type\":\"com.example.postThing#image\"}}",
                "Input/embed must have the property \"alt\"");
        rejected("{\"repo\":\"a.test\",\"text\":\"x\",\"embed\":{\"$type\":\"com.example.defs#link\",\"uri\":\"nope\"}}",
                "Input/embed/uri must be a valid uri");
        rejected("{\"repo\":\"a.test\",\"text\":\"x\",\"strict\":{\"$type\":\"com.other.thing\"}}",
                "Input/strict $type must be one of [\"#image\"]");
        rejected("{\"repo\":\"a.test\",\"text\":\"x\",\"swap\":\"not-a-cid\"}", "Input/swap must be a valid cid");
        rejected("{\"repo\":\"a.test\",\"text\":\"x\",\"record\":\"text\"}", "Input/record must be an object");
        rejected("{\"repo\":\"a.test\",\"text\":\"x\",\"raw\":{\"$bytes\":\"AQIDBAU\"}}", "Input/raw must not be larger than 4 bytes");
        rejected("{\"repo\":\"a.test\",\"text\":\"x\",\"link\":\"" + CID + "\"}",
                "Input/link must be a CID link ({\"$link\": cid})");
        rejected("{\"repo\":\"a.test\",\"text\":\"x\",\"author\":{\"did\":\"alice\"}}", "Input/author/did must be a valid did");
        rejected("{\"repo\":\"a.test\",\"text\":\"x\",\"strict\":{\"$type\":\"com.example.postThing#image\",\"alt\":\"a\","
                + "\"file\":{\"$type\":\"blob\",\"ref\":{\"$link\":\"" + CID + "\"},\"mimeType\":\"image/png\",\"size\":1001}}}",
                "Input/strict/file is larger than 1000 bytes");
    }

    @Test
    void methodsWithoutAnInputSchemaAcceptAnyObject() throws Exception {
        LexiconValidator loose = new LexiconValidator(LexiconCatalog.empty().with(
                "{\"lexicon\":1,\"id\":\"com.example.loose\",\"defs\":{\"main\":{\"type\":\"procedure\","
                        + "\"input\":{\"encoding\":\"application/json\"}}}}"));
        loose.validateInput("com.example.loose", JSON.readTree("{\"anything\":[1]}"));
    }

    private void rejected(String json, String message) {
        XrpcException e = assertThrows(XrpcException.class,
                () -> validator.validateInput("com.example.postThing", JSON.readTree(json)));
        assertEquals("InvalidRequest", e.error());
        assertEquals(message, e.getMessage());
    }
}
