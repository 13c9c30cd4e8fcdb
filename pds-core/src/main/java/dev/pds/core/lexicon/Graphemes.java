package dev.pds.core.lexicon;

/**
 * Counts extended grapheme clusters (UAX #29) for minGraphemes/maxGraphemes. Java 17's
 * BreakIterator predates emoji ZWJ sequences and flag pairs, so this follows the UAX #29 rules
 * itself (CR LF, controls, Hangul syllables, Extend/ZWJ/SpacingMark, emoji ZWJ sequences,
 * regional indicator pairs), with the Extended_Pictographic and Prepend sets approximated by
 * code point ranges instead of the Unicode data files.
 */
public final class Graphemes {
    private Graphemes() {
    }

    private enum Kind { CR, LF, CONTROL, EXTEND, ZWJ, REGIONAL, SPACING_MARK, L, V, T, LV, LVT, PICTO, OTHER }

    public static int count(String text) {
        int count = 0;
        Kind previous = null;
        boolean pictoBeforeZwj = false; // inside ExtPict Extend* (ZWJ)?
        boolean inPicto = false;
        int regionalRun = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            Kind kind = kind(cp);
            if (previous == null || breaksBetween(previous, kind, pictoBeforeZwj, regionalRun)) {
                count++;
                inPicto = false;
            }
            if (kind == Kind.PICTO) {
                inPicto = true;
            } else if (kind != Kind.EXTEND && kind != Kind.ZWJ) {
                inPicto = false;
            }
            pictoBeforeZwj = kind == Kind.ZWJ && inPicto;
            regionalRun = kind == Kind.REGIONAL ? regionalRun + 1 : 0;
            previous = kind;
        }
        return count;
    }

    private static boolean breaksBetween(Kind a, Kind b, boolean pictoBeforeZwj, int regionalRun) {
        if (a == Kind.CR && b == Kind.LF) {
            return false; // GB3
        }
        if (a == Kind.CR || a == Kind.LF || a == Kind.CONTROL || b == Kind.CR || b == Kind.LF || b == Kind.CONTROL) {
            return true; // GB4, GB5
        }
        if (a == Kind.L && (b == Kind.L || b == Kind.V || b == Kind.LV || b == Kind.LVT)) {
            return false; // GB6
        }
        if ((a == Kind.LV || a == Kind.V) && (b == Kind.V || b == Kind.T)) {
            return false; // GB7
        }
        if ((a == Kind.LVT || a == Kind.T) && b == Kind.T) {
            return false; // GB8
        }
        if (b == Kind.EXTEND || b == Kind.ZWJ || b == Kind.SPACING_MARK) {
            return false; // GB9, GB9a
        }
        if (a == Kind.ZWJ && b == Kind.PICTO && pictoBeforeZwj) {
            return false; // GB11
        }
        if (a == Kind.REGIONAL && b == Kind.REGIONAL) {
            return regionalRun % 2 == 0; // GB12, GB13: pairs
        }
        return true; // GB999
    }

    private static Kind kind(int cp) {
        if (cp == '\r') {
            return Kind.CR;
        }
        if (cp == '\n') {
            return Kind.LF;
        }
        if (cp == 0x200D) {
            return Kind.ZWJ;
        }
        if (cp >= 0x1F1E6 && cp <= 0x1F1FF) {
            return Kind.REGIONAL;
        }
        if ((cp >= 0x1F3FB && cp <= 0x1F3FF) || (cp >= 0xE0020 && cp <= 0xE007F) || cp == 0x200C) {
            return Kind.EXTEND; // emoji modifiers, tag characters, ZWNJ
        }
        Kind hangul = hangul(cp);
        if (hangul != null) {
            return hangul;
        }
        switch (Character.getType(cp)) {
            case Character.NON_SPACING_MARK:
            case Character.ENCLOSING_MARK:
                return Kind.EXTEND;
            case Character.COMBINING_SPACING_MARK:
                return Kind.SPACING_MARK;
            case Character.CONTROL:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
                return Kind.CONTROL;
            case Character.FORMAT:
                return Kind.CONTROL;
            default:
                return isPictographic(cp) ? Kind.PICTO : Kind.OTHER;
        }
    }

    private static Kind hangul(int cp) {
        if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0xA960 && cp <= 0xA97C)) {
            return Kind.L;
        }
        if ((cp >= 0x1160 && cp <= 0x11A7) || (cp >= 0xD7B0 && cp <= 0xD7C6)) {
            return Kind.V;
        }
        if ((cp >= 0x11A8 && cp <= 0x11FF) || (cp >= 0xD7CB && cp <= 0xD7FB)) {
            return Kind.T;
        }
        if (cp >= 0xAC00 && cp <= 0xD7A3) {
            return (cp - 0xAC00) % 28 == 0 ? Kind.LV : Kind.LVT;
        }
        return null;
    }

    private static boolean isPictographic(int cp) {
        return (cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0x1FC00 && cp <= 0x1FFFD)
                || (cp >= 0x2600 && cp <= 0x27BF) || (cp >= 0x2300 && cp <= 0x23FF)
                || (cp >= 0x2B00 && cp <= 0x2BFF) || (cp >= 0x2190 && cp <= 0x21FF)
                || cp == 0x00A9 || cp == 0x00AE || cp == 0x203C || cp == 0x2049 || cp == 0x2122
                || cp == 0x2139 || cp == 0x3030 || cp == 0x303D || cp == 0x3297 || cp == 0x3299
                || (cp >= 0x25A0 && cp <= 0x25FF) || (cp >= 0x2934 && cp <= 0x2935);
    }
}
