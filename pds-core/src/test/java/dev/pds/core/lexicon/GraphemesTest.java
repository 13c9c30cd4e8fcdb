package dev.pds.core.lexicon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GraphemesTest {
    @Test
    void countsExtendedGraphemeClusters() {
        assertEquals(0, Graphemes.count(""));
        assertEquals(3, Graphemes.count("abc"));
        assertEquals(1, Graphemes.count("e\u0301"), "combining accent");
        assertEquals(1, Graphemes.count("\r\n"));
        assertEquals(2, Graphemes.count("\n\n"));
        assertEquals(1, Graphemes.count("\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67\u200D\uD83D\uDC66"), "family ZWJ sequence");
        assertEquals(1, Graphemes.count("\uD83C\uDFF3\uFE0F\u200D\uD83C\uDF08"), "rainbow flag");
        assertEquals(1, Graphemes.count("\uD83D\uDC4D\uD83C\uDFFD"), "skin tone modifier");
        assertEquals(3, Graphemes.count("\uD83C\uDDE9\uD83C\uDDEA\uD83C\uDDE9\uD83C\uDDEA\uD83C\uDDE9"), "two flags and a lone indicator");
        assertEquals(1, Graphemes.count("\u1100\u1161\u11A8"), "Hangul jamo L V T");
        assertEquals(2, Graphemes.count("\uAC01\uAC01"), "precomposed Hangul syllables");
        assertEquals(2, Graphemes.count("a\u200Db"), "ZWJ joins only pictographs");
    }
}
