package dev.pds.core.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.core.error.ErrorStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DidTest {

    @Test
    void splitsMethodAndIdentifier() {
        Did did = Did.parse("did:plc:ewvi7nxzyoun6zhxrhs64oiz");
        assertEquals("plc", did.method());
        assertEquals("ewvi7nxzyoun6zhxrhs64oiz", did.identifier());
        assertTrue(did.isPlc());
        assertFalse(did.isWeb());
        assertTrue(did.isDid());
        assertEquals("did:plc:ewvi7nxzyoun6zhxrhs64oiz", did.toString());
    }

    @Test
    void webDidKeysItsHostAndColons() {
        Did did = Did.parse("did:web:localhost%3A2583");
        assertTrue(did.isWeb());
        assertFalse(did.isPlc());
        assertEquals("localhost%3A2583", did.identifier());
        Did nested = Did.parse("did:webby:a:b");
        assertFalse(nested.isWeb());
        assertEquals("webby", nested.method());
        assertEquals("a:b", nested.identifier());
    }

    @Test
    void equalityIsExactAndCaseSensitive() {
        assertEquals(Did.parse("did:key:zAbc"), Did.parse("did:key:zAbc"));
        assertEquals(Did.parse("did:key:zAbc").hashCode(), Did.parse("did:key:zAbc").hashCode());
        assertNotEquals(Did.parse("did:key:zAbc"), Did.parse("did:key:zabc"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"did:x:y", "did:plc:abc-._:def", "did:a:%20b"})
    void acceptsValid(String s) {
        assertTrue(Did.isValid(s));
        assertEquals(s, Did.parse(s).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "did:", "did::x", "did:PLC:x", "did:p1c:x", "did:plc", "did:plc:", "did:plc:a:",
        "did:plc:a%", "did:plc:a b", "did:plc:a/b", "did:plc:é", "Did:plc:x", " did:plc:x"})
    void rejectsInvalid(String s) {
        assertFalse(Did.isValid(s));
        SyntaxException e = assertThrows(SyntaxException.class, () -> Did.parse(s));
        assertEquals(ErrorStatus.BAD_REQUEST, e.status());
        assertEquals("InvalidRequest", e.error());
        assertTrue(e.getMessage().startsWith("Invalid DID: "), e.getMessage());
    }

    @Test
    void nullIsInvalidNotACrash() {
        assertFalse(Did.isValid(null));
        assertThrows(SyntaxException.class, () -> Did.parse(null));
    }

    @Test
    void lengthLimitIs2048() {
        String max = "did:plc:" + "a".repeat(Did.MAX_LENGTH - 8);
        assertTrue(Did.isValid(max));
        SyntaxException e = assertThrows(SyntaxException.class, () -> Did.parse(max + "a"));
        assertTrue(e.getMessage().contains("2048"), e.getMessage());
    }

    @Test
    void messagesNameTheRule() {
        assertEquals("Invalid DID: must not end with \":\" or \"%\"",
                assertThrows(SyntaxException.class, () -> Did.parse("did:plc:a:")).getMessage());
        assertEquals("Invalid DID: method must be one or more lower-case letters",
                assertThrows(SyntaxException.class, () -> Did.parse("did:PLC:a")).getMessage());
    }
}
