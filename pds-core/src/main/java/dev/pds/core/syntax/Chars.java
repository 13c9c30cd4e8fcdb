package dev.pds.core.syntax;

/** ASCII character classes shared by the identifier scanners (no regex on the hot path). */
final class Chars {
    private Chars() {
    }

    static boolean isLower(char c) {
        return c >= 'a' && c <= 'z';
    }

    static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    static boolean isAlpha(char c) {
        return isLower(c) || isUpper(c);
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isAlnum(char c) {
        return isAlpha(c) || isDigit(c);
    }

    static boolean isAllAlpha(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isAlpha(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean isAllDigits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean isAllAlnum(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isAlnum(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Why {@code s[start, end)} is not a DNS-style label (ASCII letters, digits and inner
     * hyphens, 1 to {@code max} characters), or null when it is one. Handles and NSID
     * authorities share these rules; {@code word} names the part ("label", "segment").
     */
    static String labelProblem(String s, int start, int end, int max, String word) {
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (!(isAlnum(c) || c == '-')) {
                return "may only contain ASCII letters, digits, hyphens and periods";
            }
        }
        int len = end - start;
        if (len == 0) {
            return "empty " + word + " (leading, trailing or double period)";
        }
        if (len > max) {
            return word + " longer than " + max + " characters";
        }
        if (s.charAt(start) == '-' || s.charAt(end - 1) == '-') {
            return word + " must not start or end with a hyphen";
        }
        return null;
    }
}
