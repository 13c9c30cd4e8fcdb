package dev.pds.core.lexicon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.core.data.DataJson;
import dev.pds.core.error.XrpcException;
import dev.pds.core.lexicon.LexType.LexMethod;
import dev.pds.core.lexicon.LexType.MethodKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The lexicon documents the server ships (the repository's root {@code lexicons/} folder): all
 * parse, every ref resolves, every id matches its path, and realistic records of the official
 * app pass while broken ones fail with the path named.
 */
class BundledLexiconsTest {
    private static final Path FOLDER = Path.of("..", "lexicons");
    private static final LexiconCatalog CATALOG = LexiconCatalog.fromDirectory(FOLDER, true);
    private static final LexiconValidator VALIDATOR = new LexiconValidator(CATALOG);
    private static final String RKEY = "3kznmn7xqxl22";
    private static final String DID = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";
    private static final String POST_URI = "at://" + DID + "/app.bsky.feed.post/3k44deefqdk2g";
    private static final String POST_CID = "bafyreig2fjxi3rptqdgylg7e5hmjl6mcke7rn2b6cugzlqq3i4zu6rq52q";
    private static final String NOW = "2024-05-01T12:34:56.789Z";
    private static final String IMAGE = "{\"$type\": \"blob\", \"ref\": {\"$link\": "
            + "\"bafkreibme22gw2h7y2h7tg2fhqotaqjucnbc24deqo72b6mkl2egezxhvy\"}, \"mimeType\": \"%s\", \"size\": %d}";

    @Test
    void everyDocumentParsesResolvesAndSitsAtItsPath() throws Exception {
        long files;
        try (var walk = Files.walk(FOLDER)) {
            files = walk.filter(p -> p.toString().endsWith(".json")).count();
        }
        assertEquals(files, CATALOG.size());
        for (String collection : List.of("app.bsky.feed.post", "app.bsky.actor.profile", "app.bsky.feed.like",
                "app.bsky.feed.repost", "app.bsky.graph.follow", "app.bsky.graph.block", "app.bsky.graph.list",
                "app.bsky.graph.listitem", "app.bsky.feed.threadgate", "app.bsky.feed.postgate",
                "app.bsky.feed.generator", "app.bsky.graph.starterpack", "app.bsky.labeler.service",
                "chat.bsky.actor.declaration")) {
            assertTrue(CATALOG.record(collection).isPresent(), collection);
        }
        assertEquals(MethodKind.PROCEDURE, CATALOG.method("com.atproto.repo.createRecord").map(LexMethod::kind).orElseThrow());
        assertEquals(MethodKind.QUERY, CATALOG.method("com.atproto.repo.listRecords").map(LexMethod::kind).orElseThrow());
        assertEquals(MethodKind.SUBSCRIPTION, CATALOG.method("com.atproto.sync.subscribeRepos").map(LexMethod::kind).orElseThrow());
    }

    @Test
    void aDocumentAwayFromItsPathIsRefused(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("com/example"));
        Files.writeString(dir.resolve("com/example/wrong.json"),
                "{\"lexicon\": 1, \"id\": \"com.example.right\", \"defs\": {\"main\": {\"type\": \"token\"}}}");
        assertThrows(LexiconException.class, () -> LexiconCatalog.fromDirectory(dir, true));
        assertEquals(1, LexiconCatalog.fromDirectory(dir, false).size());
    }

    private static Optional<ValidationStatus> valid(String collection, String rkey, String json) {
        return VALIDATOR.validateRecord(collection, rkey, DataJson.read(json), ValidateMode.REQUIRE);
    }

    private static String invalid(String collection, String json) {
        XrpcException e = assertThrows(XrpcException.class,
                () -> VALIDATOR.validateRecord(collection, RKEY, DataJson.read(json), ValidateMode.IF_KNOWN));
        assertEquals("InvalidRecord", e.error());
        return e.getMessage();
    }

    private static String post(String text, String extra) {
        return "{\"$type\": \"app.bsky.feed.post\", \"text\": \"" + text + "\", \"createdAt\": \"" + NOW + "\"" + extra + "}";
    }

    private static final String FACET = ", \"facets\": [{\"index\": {\"byteStart\": 6, \"byteEnd\": 25},"
            + " \"features\": [{\"$type\": \"app.bsky.richtext.facet#link\", \"uri\": \"https://example.com/\"}]}]";
    private static final String REPLY = ", \"reply\": {\"root\": {\"uri\": \"" + POST_URI + "\", \"cid\": \"" + POST_CID + "\"},"
            + " \"parent\": {\"uri\": \"" + POST_URI + "\", \"cid\": \"" + POST_CID + "\"}}";

    private static String images(String alt, String mime) {
        return ", \"embed\": {\"$type\": \"app.bsky.embed.images\", \"images\": [{\"alt\": " + alt + ", \"image\": "
                + IMAGE.formatted(mime, 123456) + ", \"aspectRatio\": {\"width\": 4, \"height\": 3}}]}";
    }

    @Test
    void realisticRecordsOfTheOfficialAppPass() {
        assertEquals(Optional.of(ValidationStatus.VALID), valid("app.bsky.feed.post", RKEY,
                post("hello https://example.com/ 👋🏽", FACET + images("\"a cat\"", "image/jpeg") + REPLY
                        + ", \"langs\": [\"en\", \"pt-BR\"], \"labels\": {\"$type\": \"com.atproto.label.defs#selfLabels\","
                        + " \"values\": [{\"val\": \"nudity\"}]}")));
        assertEquals(Optional.of(ValidationStatus.VALID), valid("app.bsky.feed.post", RKEY, post("quoting", ", \"embed\": "
                + "{\"$type\": \"app.bsky.embed.record\", \"record\": {\"uri\": \"" + POST_URI + "\", \"cid\": \"" + POST_CID + "\"}}")));
        assertEquals(Optional.of(ValidationStatus.VALID), valid("app.bsky.feed.post", RKEY, post("link card", ", \"embed\": "
                + "{\"$type\": \"app.bsky.embed.external\", \"external\": {\"uri\": \"https://example.com\", \"title\": \"t\","
                + " \"description\": \"d\"}}")));
        assertEquals(Optional.of(ValidationStatus.VALID), valid("app.bsky.actor.profile", "self",
                "{\"$type\": \"app.bsky.actor.profile\", \"displayName\": \"Alice\", \"description\": \"hi\","
                        + " \"avatar\": " + IMAGE.formatted("image/png", 1000) + ", \"createdAt\": \"" + NOW + "\"}"));
        assertEquals(Optional.of(ValidationStatus.VALID), valid("app.bsky.feed.like", RKEY,
                "{\"$type\": \"app.bsky.feed.like\", \"subject\": {\"uri\": \"" + POST_URI + "\", \"cid\": \"" + POST_CID + "\"},"
                        + " \"createdAt\": \"" + NOW + "\"}"));
        assertEquals(Optional.of(ValidationStatus.VALID), valid("app.bsky.graph.follow", RKEY,
                "{\"$type\": \"app.bsky.graph.follow\", \"subject\": \"" + DID + "\", \"createdAt\": \"" + NOW + "\"}"));
        assertEquals(Optional.of(ValidationStatus.VALID), valid("app.bsky.feed.threadgate", "3k44deefqdk2g",
                "{\"$type\": \"app.bsky.feed.threadgate\", \"post\": \"" + POST_URI + "\", \"createdAt\": \"" + NOW + "\","
                        + " \"allow\": [{\"$type\": \"app.bsky.feed.threadgate#mentionRule\"}]}"));
        assertEquals(Optional.of(ValidationStatus.VALID), valid("chat.bsky.actor.declaration", "self",
                "{\"$type\": \"chat.bsky.actor.declaration\", \"allowIncoming\": \"following\"}"));
        assertEquals(Optional.of(ValidationStatus.UNKNOWN), VALIDATOR.validateRecord("com.example.custom", "k",
                DataJson.read("{\"$type\": \"com.example.custom\", \"x\": 1}"), ValidateMode.IF_KNOWN));
    }

    @Test
    void brokenRecordsFailWithTheirPath() {
        assertEquals("Record/text must not be longer than 300 graphemes", invalid("app.bsky.feed.post", post("👋🏽".repeat(301), "")));
        assertEquals("Record/embed/images/0/alt must be a string", invalid("app.bsky.feed.post", post("x", images("7", "image/png"))));
        // post labels are an open union: a type we do not know passes, a known one is checked
        assertEquals(Optional.of(ValidationStatus.VALID), valid("app.bsky.feed.post", RKEY,
                post("x", ", \"labels\": {\"$type\": \"com.example.labels\", \"values\": 1}")));
        assertEquals("Record/labels/values/0/val must be a string", invalid("app.bsky.feed.post",
                post("x", ", \"labels\": {\"$type\": \"com.atproto.label.defs#selfLabels\", \"values\": [{\"val\": 1}]}")));
        // applyWrites' writes are a closed union
        XrpcException closed = assertThrows(XrpcException.class, () -> VALIDATOR.validateInput("com.atproto.repo.applyWrites",
                DataJson.read("{\"repo\": \"" + DID + "\", \"writes\": [{\"$type\": \"com.atproto.repo.applyWrites#upsert\","
                        + " \"collection\": \"app.bsky.feed.like\", \"rkey\": \"" + RKEY + "\", \"value\": {}}]}")));
        assertEquals("InvalidRequest", closed.error());
        assertTrue(closed.getMessage().startsWith("Input/writes/0 $type must be one of"), closed.getMessage());
        VALIDATOR.validateInput("com.atproto.repo.applyWrites", DataJson.read("{\"repo\": \"" + DID + "\", \"writes\": "
                + "[{\"$type\": \"com.atproto.repo.applyWrites#delete\", \"collection\": \"app.bsky.feed.like\", \"rkey\": \"" + RKEY + "\"}]}"));
        assertEquals("Record must have the property \"createdAt\"", invalid("app.bsky.feed.post",
                "{\"$type\": \"app.bsky.feed.post\", \"text\": \"no date\"}"));
        assertEquals("Record/createdAt must be a valid datetime", invalid("app.bsky.feed.post",
                "{\"$type\": \"app.bsky.feed.post\", \"text\": \"x\", \"createdAt\": \"2024-05-01 12:00\"}"));
        assertEquals("Record/subject/uri must be a valid at-uri", invalid("app.bsky.feed.like",
                "{\"$type\": \"app.bsky.feed.like\", \"subject\": {\"uri\": \"https://bsky.app/post\", \"cid\": \"" + POST_CID + "\"},"
                        + " \"createdAt\": \"" + NOW + "\"}"));
        assertEquals("Record/subject must be a valid did", invalid("app.bsky.graph.follow",
                "{\"$type\": \"app.bsky.graph.follow\", \"subject\": \"alice.example.com\", \"createdAt\": \"" + NOW + "\"}"));
        assertTrue(invalid("app.bsky.feed.post", post("x", images("\"\"", "video/mp4"))).startsWith("Record/embed/images/0/image mime type"));
        assertThrows(XrpcException.class, () -> VALIDATOR.validateRecord("app.bsky.actor.profile", RKEY,
                DataJson.read("{\"$type\": \"app.bsky.actor.profile\"}"), ValidateMode.IF_KNOWN), "profile key must be self");
    }
}
