package dev.pds.core.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AtUriTest {

    @Test
    void parsesARecordUri() {
        AtUri uri = AtUri.parse("at://did:plc:ewvi7nxzyoun6zhxrhs64oiz/app.bsky.feed.post/3jwdwj2ctlk26");
        assertEquals(Did.parse("did:plc:ewvi7nxzyoun6zhxrhs64oiz"), uri.authority());
        assertEquals(Optional.of(Nsid.parse("app.bsky.feed.post")), uri.collection());
        assertEquals(Optional.of(RecordKey.parse("3jwdwj2ctlk26")), uri.rkey());
        assertTrue(uri.isRecord());
    }

    @Test
    void parsesRepoAndCollectionUris() {
        AtUri repo = AtUri.parse("at://alice.test");
        assertEquals(Handle.parse("alice.test"), repo.authority());
        assertEquals(Optional.empty(), repo.collection());
        assertEquals(Optional.empty(), repo.rkey());
        assertFalse(repo.isRecord());
        AtUri coll = AtUri.parse("at://did:web:example.com/com.example.thing");
        assertEquals("com.example.thing", coll.collection().orElseThrow().toString());
        assertFalse(coll.isRecord());
    }

    @Test
    void buildsFromParts() {
        Did did = Did.parse("did:plc:abc");
        Nsid coll = Nsid.parse("app.bsky.feed.like");
        RecordKey rkey = RecordKey.parse("3k2a");
        assertEquals("at://did:plc:abc", AtUri.of(did).toString());
        assertEquals("at://did:plc:abc/app.bsky.feed.like", AtUri.of(did, coll).toString());
        AtUri record = AtUri.of(did, coll, rkey);
        assertEquals("at://did:plc:abc/app.bsky.feed.like/3k2a", record.toString());
        assertEquals(AtUri.parse(record.toString()), record);
        assertEquals(AtUri.parse(record.toString()).hashCode(), record.hashCode());
        assertEquals(record, AtUri.of("did:plc:abc", "app.bsky.feed.like", "3k2a"));
        assertThrows(SyntaxException.class, () -> AtUri.of("did:plc:abc", "nope", "3k2a"));
    }

    @Test
    void handleAuthorityIsLowerCased() {
        AtUri uri = AtUri.parse("at://Alice.TEST/app.bsky.feed.post/Abc");
        assertEquals("at://alice.test/app.bsky.feed.post/Abc", uri.toString());
        assertEquals(AtUri.parse("at://alice.test/app.bsky.feed.post/Abc"), uri);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "at://", "at:///x", "at://did:plc:a/", "at://did:plc:a//app.b.c",
        "at://did:plc:a/app.b.c/", "at://did:plc:a/app.b.c/k/", "at://did:plc:a/app.b.c/k/more",
        "at://did:plc:a?x=1", "at://did:plc:a#/frag", "at://did:plc:a/app.b.c/k#/f", "AT://did:plc:a",
        "https://did:plc:a", "at://did:plc:a/notnsid", "at://did:plc:a/app.b.c/..", "at://did:plc:a/app.b.c/a%20b",
        "at://alice", "at://did:plc:a /app.b.c", "at://did:plc:a/app.b.c/ké"})
    void rejectsInvalid(String s) {
        assertFalse(AtUri.isValid(s));
        assertThrows(SyntaxException.class, () -> AtUri.parse(s));
    }

    @Test
    void messagesNameThePart() {
        assertEquals("Invalid AT URI: must not end with a slash",
                assertThrows(SyntaxException.class, () -> AtUri.parse("at://did:plc:a/")).getMessage());
        String msg = assertThrows(SyntaxException.class, () -> AtUri.parse("at://did:plc:a/app.b.c/..")).getMessage();
        assertTrue(msg.startsWith("Invalid AT URI: bad record key"), msg);
        msg = assertThrows(SyntaxException.class, () -> AtUri.parse("at://did:plc:a/x")).getMessage();
        assertTrue(msg.startsWith("Invalid AT URI: bad collection"), msg);
    }

    @Test
    void lengthLimit() {
        String base = "at://did:plc:a/app.b.c/";
        assertFalse(AtUri.isValid(base + "o".repeat(AtUri.MAX_LENGTH)));
        assertTrue(AtUri.isValid(base + "o".repeat(RecordKey.MAX_LENGTH)));
    }
}
