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
}
