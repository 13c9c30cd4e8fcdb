package dev.pds.core.syntax;

/**
 * The Lexicon {@code uri} string format: a generic URI with a scheme (RFC 3986: a letter, then
 * letters, digits, {@code + - .}), a colon, and a non-empty rest without whitespace that does not
 * start with a slash (after an optional {@code //}); at most 8 KiB. Only the syntax is checked, never reachability.
 */
public final class UriSyntax {
    public static final int MAX_LENGTH = 8192;

    private UriSyntax() {
    }

    public static boolean isValid(String input) {
        return check(input) == null;
    }

    /** Returns {@code input} when it is a valid URI, else throws naming the rule that failed. */
    public static String requireValid(String input) {
        String reason = check(input);
        if (reason != null) {
            throw SyntaxException.of("URI", reason);
        }
        return input;
    }

    private static String check(String s) {
        if (s == null || s.isEmpty()) {
            return "empty";
        }
        if (s.length() > MAX_LENGTH) {
            return "longer than " + MAX_LENGTH + " characters";
        }
        if (!Chars.isAlpha(s.charAt(0))) {
            return "scheme must start with a letter";
        }
        int i = 1;
        while (i < s.length() && (Chars.isAlnum(s.charAt(i)) || s.charAt(i) == '+' || s.charAt(i) == '-'
                || s.charAt(i) == '.')) {
            i++;
        }
        if (i == s.length() || s.charAt(i) != ':') {
            return "needs a scheme of letters, digits, + - . followed by \":\"";
        }
        i++;
        if (s.startsWith("//", i)) {
            i += 2;
        }
        if (i == s.length()) {
            return "nothing after the scheme";
        }
        if (s.charAt(i) == '/') {
            return "the part after \"scheme:\" or \"scheme://\" must not start with a slash";
        }
        for (int j = i; j < s.length(); j++) {
            char c = s.charAt(j);
            if (c <= ' ' || c == 0x7f || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                return "must not contain whitespace or control characters";
            }
        }
        return null;
    }
}
