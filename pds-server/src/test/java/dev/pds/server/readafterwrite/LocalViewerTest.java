package dev.pds.server.readafterwrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pds.core.syntax.Did;
import dev.pds.crypto.Curve;
import dev.pds.crypto.Keypair;
import dev.pds.server.account.Account;
import dev.pds.server.account.AccountStatus;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The views read-after-write builds for embeds the e2e suites do not post: links, and a quote with media. */
class LocalViewerTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String BLOB = "{\"$type\":\"blob\",\"ref\":{\"$link\":\"bafkreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hq\"},"
            + "\"mimeType\":\"image/png\",\"size\":10}";
    static final Account ALICE = new Account(Did.parse("did:plc:alice234567abcdefghijklm"), "alice.test", "alice@example.com",
            false, "x", Keypair.generate(Curve.K256).privateKeyHex(), Instant.EPOCH, AccountStatus.ACTIVE);

    static LocalViewer viewer() {
        return new LocalViewer(ALICE, Optional.empty(), new ImageUrls(Optional.empty(), "https://pds.example.com/"), AppViewReads.NONE);
    }

    static JsonNode embedOf(String embed) throws Exception {
        JsonNode record = JSON.readTree("{\"$type\":\"app.bsky.feed.post\",\"text\":\"x\",\"createdAt\":\"2024-01-01T00:00:00.000Z\","
                + "\"embed\":" + embed + "}");
        return viewer().postView(new LocalRecord("at://" + ALICE.did() + "/app.bsky.feed.post/3kaaaaaaaaaa2", "bafyx",
                Instant.EPOCH, record)).get("embed");
    }

    @Test
    void anExternalLinkKeepsItsTextAndPointsItsThumbAtOurGetBlob() throws Exception {
        JsonNode view = embedOf("{\"$type\":\"app.bsky.embed.external\",\"external\":{\"uri\":\"https://example.com\","
                + "\"title\":\"T\",\"description\":\"D\",\"thumb\":" + BLOB + "}}");
        assertEquals("app.bsky.embed.external#view", view.get("$type").asText());
        assertEquals("https://example.com", view.get("external").get("uri").asText());
        assertEquals("T", view.get("external").get("title").asText());
        assertEquals("https://pds.example.com/xrpc/com.atproto.sync.getBlob?did=did%3Aplc%3Aalice234567abcdefghijklm"
                + "&cid=bafkreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hq", view.get("external").get("thumb").asText());
    }

    @Test
    void aQuoteWithMediaHasBothViewsAndAnUnknownEmbedNone() throws Exception {
        JsonNode view = embedOf("{\"$type\":\"app.bsky.embed.recordWithMedia\",\"record\":{\"$type\":\"app.bsky.embed.record\","
                + "\"record\":{\"uri\":\"at://did:plc:bob/app.bsky.feed.post/3kbbbbbbbbbb2\",\"cid\":\"bafyy\"}},"
                + "\"media\":{\"$type\":\"app.bsky.embed.images\",\"images\":[{\"alt\":\"a\",\"image\":" + BLOB + "}]}}");
        assertEquals("app.bsky.embed.recordWithMedia#view", view.get("$type").asText());
        assertEquals("app.bsky.embed.images#view", view.get("media").get("$type").asText());
        JsonNode quoted = view.get("record").get("record");
        assertEquals("app.bsky.embed.record#viewNotFound", quoted.get("$type").asText(), "no app view to ask");
        assertTrue(quoted.get("notFound").asBoolean());
        assertTrue(embedOf("{\"$type\":\"app.bsky.embed.video\",\"video\":" + BLOB + "}") == null, "a kind the reference does not build");
    }

    @Test
    void aDetailedProfileTakesTheNewRecordsFieldsAndLosesThoseItDropped() throws Exception {
        JsonNode updated = viewer().updateDetailed(JSON.readTree("{\"did\":\"" + ALICE.did() + "\",\"handle\":\"alice.test\","
                + "\"displayName\":\"Old\",\"description\":\"old\",\"banner\":\"https://x/b\",\"followersCount\":3}"),
                JSON.readTree("{\"displayName\":\"New\",\"avatar\":" + BLOB + "}"));
        assertEquals("New", updated.get("displayName").asText());
        assertTrue(updated.get("avatar").asText().endsWith("cid=bafkreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hq"));
        assertFalse(updated.has("description"));
        assertFalse(updated.has("banner"));
        assertEquals(3, updated.get("followersCount").asInt());
    }
}
