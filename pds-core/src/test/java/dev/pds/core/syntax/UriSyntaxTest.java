package dev.pds.core.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class UriSyntaxTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://example.com", "http://a.b/c?d=e#f", "mailto:me@example.com", "urn:isbn:0451450523",
        "at://did:plc:abc/app.bsky.feed.post/x", "did:web:example.com", "a+b-c.d:x", "wss://host:8080/path"})
    void acceptsValid(String s) {
        assertTrue(UriSyntax.isValid(s));
        assertEquals(s, UriSyntax.requireValid(s));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "example.com", "1http://x", "+a:b", "http:", "http://", "file:///etc/passwd", "a:/b",
        "http://a b", "http://a\tb", "http://a\u00a0b", " http://a", "http://a ", "://x", "ht_tp://x"})
    void rejectsInvalid(String s) {
        assertFalse(UriSyntax.isValid(s));
        assertThrows(SyntaxException.class, () -> UriSyntax.requireValid(s));
    }

    @Test
    void lengthLimit() {
        String prefix = "https://e.com/";
        assertTrue(UriSyntax.isValid(prefix + "x".repeat(UriSyntax.MAX_LENGTH - prefix.length())));
        assertFalse(UriSyntax.isValid(prefix + "x".repeat(UriSyntax.MAX_LENGTH - prefix.length() + 1)));
    }
}
