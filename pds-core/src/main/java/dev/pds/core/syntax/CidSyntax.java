package dev.pds.core.syntax;

/**
 * The Lexicon {@code cid} string format: a quick syntax check for a CID written as a string,
 * 8-256 characters of ASCII letters, digits, {@code +} and {@code =} (any multibase), and not
 * a CIDv0 ({@code Qm...}), which atproto does not allow. Decoding and checking a CID's content
 * is {@code dev.pds.core.data.Cid}'s job; this is the cheap check for pass-through strings.
 */
public final class CidSyntax {
    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 256;

    private CidSyntax() {
    }

    public static boolean isValid(String input) {
        return check(input) == null;
    }

    /** Returns {@code input} when it has CID syntax, else throws naming the rule that failed. */
    public static String requireValid(String input) {
        String reason = check(input);
        if (reason != null) {
            throw SyntaxException.of("CID", reason);
        }
        return input;
    }

    private static String check(String s) {
        if (s == null || s.length() < MIN_LENGTH) {
            return "shorter than " + MIN_LENGTH + " characters";
        }
        if (s.length() > MAX_LENGTH) {
            return "longer than " + MAX_LENGTH + " characters";
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Chars.isAlnum(c) || c == '+' || c == '=')) {
                return "may only contain ASCII letters, digits, + and =";
            }
        }
        if (s.startsWith("Qm")) {
            return "CIDv0 (\"Qm...\") is not allowed";
        }
        return null;
    }
}
