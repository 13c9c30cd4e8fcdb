package dev.pds.server.lexicon;

import java.text.BreakIterator;

/** Counts user-perceived characters, for the lexicon's minGraphemes and maxGraphemes. */
public final class Graphemes {
    private Graphemes() {
    }

    public static int count(String value) {
        BreakIterator it = BreakIterator.getCharacterInstance();
        it.setText(value);
        int count = 0;
        while (it.next() != BreakIterator.DONE) {
            count++;
        }
        return count;
    }
}
