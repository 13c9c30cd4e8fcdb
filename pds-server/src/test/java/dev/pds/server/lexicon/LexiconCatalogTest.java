package dev.pds.server.lexicon;

import dev.pds.core.lexicon.StringFormat;
import dev.pds.core.lexicon.LexiconException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LexiconCatalogTest {
    private static final String LIST_THINGS = "{\"lexicon\":1,\"id\":\"com.example.listThings\",\"defs\":{\"main\":{"
            + "\"type\":\"query\",\"parameters\":{\"type\":\"params\",\"required\":[\"actor\"],\"properties\":{"
            + "\"actor\":{\"type\":\"string\",\"format\":\"at-identifier\"},"
            + "\"limit\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":100,\"default\":50},"
            + "\"kinds\":{\"type\":\"array\",\"maxLength\":3,\"items\":{\"type\":\"string\",\"knownValues\":[\"a\"]}}}},"
            + "\"output\":{\"encoding\":\"application/json\"}}}}";

    @Test
    void theBundledLexiconsComeFromTheResourceFolder() {
        LexiconCatalog bundled = LexiconCatalog.bundled();
        MethodDefinition describe = bundled.method("com.atproto.server.describeServer").orElseThrow();
        assertEquals(MethodType.QUERY, describe.type());
        assertEquals(List.of(), describe.parameters());
        assertEquals(Optional.of("application/json"), describe.outputEncoding());
        assertFalse(describe.takesJsonInput());
    }

    @Test
    void methodParametersAreRead() {
        MethodDefinition method = LexiconCatalog.empty().with(LIST_THINGS).method("com.example.listThings").orElseThrow();

        assertEquals(3, method.parameters().size());
        ParamSpec actor = method.parameters().get(0);
        assertEquals("actor", actor.name());
        assertTrue(actor.required());
        assertEquals(Optional.of(StringFormat.AT_IDENTIFIER), actor.format());
        ParamSpec limit = method.parameters().get(1);
        assertEquals(ParamType.INTEGER, limit.type());
        assertFalse(limit.required());
        assertEquals(1, limit.minimum().getAsLong());
        assertEquals(100, limit.maximum().getAsLong());
        assertEquals(Optional.of(50L), limit.defaultValue());
        ParamSpec kinds = method.parameters().get(2);
        assertTrue(kinds.array());
        assertEquals(ParamType.STRING, kinds.type());
        assertEquals(3, kinds.maxItems().getAsInt());
        assertEquals(List.of(), kinds.enumValues(), "knownValues is advisory only");
    }

    @Test
    void recordLexiconsAreDocumentsButNotMethods() {
        String post = "{\"lexicon\":1,\"id\":\"com.example.post\",\"defs\":{\"main\":{\"type\":\"record\",\"key\":\"tid\","
                + "\"record\":{\"type\":\"object\",\"properties\":{}}}}}";
        LexiconCatalog catalog = LexiconCatalog.empty().with(post);
        assertTrue(catalog.document("com.example.post").isPresent());
        assertTrue(catalog.method("com.example.post").isEmpty());
    }

    @Test
    void malformedDocumentsAreRejected() {
        LexiconCatalog empty = LexiconCatalog.empty();
        assertThrows(LexiconException.class, () -> empty.with("{not json"));
        assertThrows(LexiconException.class, () -> empty.with("{\"lexicon\":2,\"id\":\"a.b.c\",\"defs\":{}}"));
        assertThrows(LexiconException.class, () -> empty.with("{\"lexicon\":1,\"defs\":{}}"));
        assertThrows(LexiconException.class, () -> empty.with(LIST_THINGS, LIST_THINGS));
        LexiconException badType = assertThrows(LexiconException.class, () -> empty.with(
                "{\"lexicon\":1,\"id\":\"a.b.c\",\"defs\":{\"main\":{\"type\":\"query\",\"parameters\":{\"type\":\"params\","
                        + "\"properties\":{\"x\":{\"type\":\"blob\"}}}}}}"));
        assertTrue(badType.getMessage().contains("a.b.c parameter x"), badType.getMessage());
        assertThrows(LexiconException.class, () -> empty.with(
                "{\"lexicon\":1,\"id\":\"a.b.c\",\"defs\":{\"main\":{\"type\":\"query\",\"parameters\":{\"type\":\"params\","
                        + "\"required\":[\"y\"],\"properties\":{}}}}}"));
        LexiconException badFormat = assertThrows(LexiconException.class, () -> empty.with(
                "{\"lexicon\":1,\"id\":\"a.b.c\",\"defs\":{\"main\":{\"type\":\"query\",\"parameters\":{\"type\":\"params\","
                        + "\"properties\":{\"x\":{\"type\":\"string\",\"format\":\"email\"}}}}}}"));
        assertTrue(badFormat.getMessage().contains("email"), badFormat.getMessage());
    }
}
