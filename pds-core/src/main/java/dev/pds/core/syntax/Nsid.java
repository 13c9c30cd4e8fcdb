package dev.pds.core.syntax;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A namespaced identifier (atproto.com/specs/nsid), such as {@code app.bsky.feed.post}: a domain
 * authority in reverse order ({@code app.bsky}) and a name ({@code post}). At least three
 * segments, at most 317 characters; authority segments are 1-63 ASCII letters, digits or hyphens,
 * not starting or ending with a hyphen, the first not starting with a digit; the name is 1-63
 * letters and digits starting with a letter.
 *
 * <p>The string is kept exactly as given, because NSIDs appear in repository paths and signed
 * records; {@link #normalized()} lower-cases the (case-insensitive) authority when needed.
 */
public final class Nsid {
    public static final int MAX_LENGTH = 317;
    public static final int MAX_SEGMENT_LENGTH = 63;

    private final String value;
    private final int nameStart;

    private Nsid(String value) {
        this.value = value;
        this.nameStart = value.lastIndexOf('.') + 1;
    }

    public static Nsid parse(String input) {
        String reason = check(input);
        if (reason != null) {
            throw SyntaxException.of("NSID", reason);
        }
        return new Nsid(input);
    }

    public static boolean isValid(String input) {
        return check(input) == null;
    }

    /** Builds an NSID from its authority as written in the NSID ({@code app.bsky}) and a name. */
    public static Nsid of(String authority, String name) {
        return parse(authority + "." + name);
    }

    /** Returns why {@code s} is not an NSID, or null when it is one. */
    static String check(String s) {
        if (s == null || s.isEmpty()) {
            return "empty";
        }
        if (s.length() > MAX_LENGTH) {
            return "longer than " + MAX_LENGTH + " characters";
        }
        int n = s.length();
        int segments = 0;
        int start = 0;
        for (int i = 0; i <= n; i++) {
            if (i < n && s.charAt(i) != '.') {
                continue;
            }
            String problem = Chars.labelProblem(s, start, i, MAX_SEGMENT_LENGTH, "segment");
            if (problem != null) {
                return problem;
            }
            if (segments == 0 && Chars.isDigit(s.charAt(start))) {
                return "first segment must not start with a digit";
            }
            segments++;
            if (i == n) {
                if (!Chars.isAlpha(s.charAt(start))) {
                    return "name must start with a letter";
                }
                if (!Chars.isAllAlnum(s, start, i)) {
                    return "name may only contain letters and digits";
                }
            }
            start = i + 1;
        }
        if (segments < 3) {
            return "needs at least three segments (authority with two or more, then the name)";
        }
        return null;
    }

    /** The domain authority as written in the NSID, for example {@code app.bsky}. */
    public String authority() {
        return value.substring(0, nameStart - 1);
    }

    /** The authority as a hostname in normal order, for example {@code bsky.app}. */
    public String authorityDomain() {
        List<String> parts = new ArrayList<>(List.of(authority().split("\\.")));
        Collections.reverse(parts);
        return String.join(".", parts).toLowerCase(Locale.ROOT);
    }

    /** The name segment, for example {@code post}; case-sensitive. */
    public String name() {
        return value.substring(nameStart);
    }

    /** This NSID with its authority lower-cased (the name keeps its case). */
    public Nsid normalized() {
        String authority = authority();
        String lower = authority.toLowerCase(Locale.ROOT);
        return lower.equals(authority) ? this : new Nsid(lower + "." + name());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Nsid && ((Nsid) o).value.equals(value);
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
