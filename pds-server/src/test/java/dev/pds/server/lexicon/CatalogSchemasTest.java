package dev.pds.server.lexicon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.core.data.DataJson;
import dev.pds.core.lexicon.LexiconException;
import dev.pds.core.lexicon.LexiconValidator;
import dev.pds.core.lexicon.ValidateMode;
import dev.pds.core.lexicon.ValidationStatus;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The server's catalog also holds pds-core schema values, which record validation uses. */
class CatalogSchemasTest {
    @Test
    void bundledSchemasValidateRecords() {
        LexiconCatalog bundled = LexiconCatalog.bundled();
        assertEquals(bundled.size(), bundled.schemas().size());
        LexiconValidator records = new LexiconValidator(bundled.schemas());
        assertEquals(Optional.of(ValidationStatus.VALID), records.validateRecord("app.bsky.feed.post", "3kznmn7xqxl22",
                DataJson.read("{\"$type\": \"app.bsky.feed.post\", \"text\": \"hi\", \"createdAt\": \"2024-05-01T00:00:00Z\"}"),
                ValidateMode.of(null)));
    }

    @Test
    void aBrokenRefFailsWhenTheCatalogIsBuilt() {
        LexiconException broken = assertThrows(LexiconException.class, () -> LexiconCatalog.empty().with(
                "{\"lexicon\":1,\"id\":\"com.example.thing\",\"defs\":{\"main\":{\"type\":\"record\",\"key\":\"tid\","
                        + "\"record\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"ref\",\"ref\":\"com.example.gone\"}}}}}}"));
        assertTrue(broken.getMessage().contains("com.example.gone"), broken.getMessage());
    }
}
