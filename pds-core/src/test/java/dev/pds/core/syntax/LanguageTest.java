package dev.pds.core.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LanguageTest {

    @ParameterizedTest
    @ValueSource(strings = {"en", "fil", "pt-BR", "zh-Hans-CN", "es-419", "zh-yue-HK", "ar-aao-abc-def",
        "de-CH-1996", "sl-nedis", "en-US-u-ca-gregory", "en-a-bbb-x-a-ccc", "x-whatever", "X-a", "en-x-US",
        "i-klingon", "en-GB-oed", "zh-min-nan"})
    void acceptsValid(String s) {
        assertTrue(Language.isValid(s));
        assertTrue(Language.isWellFormed(s));
        assertEquals(s, Language.parse(s).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "e", "EN", "En", "engl", "english", "en-", "-en", "en--US", "en_US", "en US",
        "en-abc-def-ghi-jkl", "en-u", "en-u-x", "en-x", "x", "i-bogus", "en-toolongsubtag", "en-US-x-",
        "en-Latn-Latn", "en-US-US", "ja.jp", "日本"})
    void rejectsInvalid(String s) {
        assertFalse(Language.isValid(s));
        assertFalse(Language.isWellFormed(s));
        assertThrows(SyntaxException.class, () -> Language.parse(s));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sl-rozaj-rozaj", "de-1996-1996", "en-a-bbb-A-ccc", "sl-Rozaj-rozaj"})
    void repeatedVariantsOrSingletonsAreWellFormedButInvalid(String s) {
        assertTrue(Language.isWellFormed(s));
        assertFalse(Language.isValid(s));
        String msg = assertThrows(SyntaxException.class, () -> Language.parse(s)).getMessage();
        assertTrue(msg.contains("repeated"), msg);
    }

    @Test
    void primarySubtag() {
        assertEquals("pt", Language.parse("pt-BR").primary());
        assertEquals("en", Language.parse("en").primary());
        assertEquals("", Language.parse("x-private").primary());
        assertEquals("i", Language.parse("i-klingon").primary());
    }

    @Test
    void lengthLimit() {
        String max = "en-x" + "-abcdefgh".repeat(13) + "-abcdef";
        assertEquals(Language.MAX_LENGTH, max.length());
        assertTrue(Language.isValid(max));
        String tooLong = max + "g";
        assertTrue(assertThrows(SyntaxException.class, () -> Language.parse(tooLong)).getMessage().contains("128"));
    }

    @Test
    void equality() {
        assertEquals(Language.parse("pt-BR"), Language.parse("pt-BR"));
        assertEquals(Language.parse("pt-BR").hashCode(), Language.parse("pt-BR").hashCode());
    }
}
