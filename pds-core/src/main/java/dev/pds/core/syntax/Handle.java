package dev.pds.core.syntax;

import java.util.List;
import java.util.Locale;

/**
 * A handle (atproto.com/specs/handle): a DNS hostname of at least two labels, each 1-63 ASCII
 * letters, digits or hyphens, not starting or ending with a hyphen; the last label (TLD) starts
 * with a letter; at most 253 characters. Handles are case-insensitive and kept in lower case.
 *
 * <p>Reserved top-level domains are syntactically valid; {@link #hasDisallowedTld()} is the
 * separate check a server applies when registering or resolving handles.
 */
public final class Handle implements AtIdentifier {
    public static final int MAX_LENGTH = 253;
    public static final int MAX_LABEL_LENGTH = 63;

    /** The placeholder shown for an account whose handle does not resolve to its DID. */
    public static final Handle INVALID = new Handle("handle.invalid");

    /** TLDs the spec says must not be used for handles (special-use and reserved names). */
    public static final List<String> DISALLOWED_TLDS = List.of(
            "alt", "arpa", "example", "internal", "invalid", "local", "localhost", "onion");

    private final String value;

    private Handle(String value) {
        this.value = value;
    }

    /** Parses a handle in any case; the result is lower case. */
    public static Handle parse(String input) {
        String reason = check(input);
        if (reason != null) {
            throw SyntaxException.of("handle", reason);
        }
        return new Handle(input.toLowerCase(Locale.ROOT));
    }

    public static boolean isValid(String input) {
        return check(input) == null;
    }

    /** Returns why {@code s} is not a handle, or null when it is one. */
    static String check(String s) {
        if (s == null || s.isEmpty()) {
            return "empty";
        }
        if (s.length() > MAX_LENGTH) {
            return "longer than " + MAX_LENGTH + " characters";
        }
        int labels = 0;
        int start = 0;
        int n = s.length();
        for (int i = 0; i <= n; i++) {
            if (i < n && s.charAt(i) != '.') {
                continue;
            }
            String problem = Chars.labelProblem(s, start, i, MAX_LABEL_LENGTH, "label");
            if (problem != null) {
                return problem;
            }
            labels++;
            if (i == n && !Chars.isAlpha(s.charAt(start))) {
                return "top-level domain must start with a letter";
            }
            start = i + 1;
        }
        if (labels < 2) {
            return "needs at least two labels";
        }
        return null;
    }

    /** The last label, for example {@code social} in {@code alice.bsky.social}. */
    public String tld() {
        return value.substring(value.lastIndexOf('.') + 1);
    }

    /** True when the TLD is one the spec reserves, so the handle must not be registered. */
    public boolean hasDisallowedTld() {
        return DISALLOWED_TLDS.contains(tld());
    }

    @Override
    public boolean isDid() {
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Handle && ((Handle) o).value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
