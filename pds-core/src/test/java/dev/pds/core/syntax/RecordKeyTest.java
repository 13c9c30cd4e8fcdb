package dev.pds.core.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecordKeyTest {

    @ParameterizedTest
    @ValueSource(strings = {"self", "3jzfcijpj2z2a", "a", "...", "a.b-c_d:e~f", "Z9"})
    void acceptsValid(String s) {
        assertTrue(RecordKey.isValid(s));
        assertEquals(s, RecordKey.parse(s).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "a/b", "a b", "a#b", "a%20", "a?", "é", "a+b"})
    void rejectsInvalid(String s) {
        assertFalse(RecordKey.isValid(s));
        assertThrows(SyntaxException.class, () -> RecordKey.parse(s));
    }

    @Test
    void lengthLimitIs512() {
        assertTrue(RecordKey.isValid("k".repeat(512)));
        assertTrue(assertThrows(SyntaxException.class, () -> RecordKey.parse("k".repeat(513)))
                .getMessage().contains("512"));
    }

    @Test
    void caseSensitiveEqualityAndTidKeys() {
        assertNotEquals(RecordKey.parse("Self"), RecordKey.parse("self"));
        assertEquals(RecordKey.parse("self"), RecordKey.parse("self"));
        assertEquals(RecordKey.parse("self").hashCode(), RecordKey.parse("self").hashCode());
        Tid tid = Tid.of(1_700_000_000_000_000L, 5);
        assertEquals(RecordKey.parse("3ke6kg3wk2227"), RecordKey.of(tid));
    }
}
