package dev.pds.core.syntax;

/**
 * A decentralized identifier as atproto restricts it (atproto.com/specs/did): {@code did:},
 * a method of lower-case letters, {@code :}, then an identifier of ASCII letters, digits and
 * {@code . _ : % -} that does not end in {@code :} or {@code %}; at most 2048 characters.
 * DIDs are case-sensitive, so the canonical form is the input itself.
 */
public final class Did implements AtIdentifier {
    public static final int MAX_LENGTH = 2048;

    private final String value;
    private final int methodEnd;

    private Did(String value, int methodEnd) {
        this.value = value;
        this.methodEnd = methodEnd;
    }

    public static Did parse(String input) {
        String reason = check(input);
        if (reason != null) {
            throw SyntaxException.of("DID", reason);
        }
        return new Did(input, input.indexOf(':', 4));
    }

    public static boolean isValid(String input) {
        return check(input) == null;
    }

    /** Returns why {@code s} is not a DID, or null when it is one. */
    static String check(String s) {
        if (s == null || s.isEmpty()) {
            return "empty";
        }
        if (s.length() > MAX_LENGTH) {
            return "longer than " + MAX_LENGTH + " characters";
        }
        if (!s.startsWith("did:")) {
            return "must start with lower-case \"did:\"";
        }
        int i = 4;
        while (i < s.length() && Chars.isLower(s.charAt(i))) {
            i++;
        }
        if (i == 4) {
            return "method must be one or more lower-case letters";
        }
        if (i == s.length() || s.charAt(i) != ':') {
            return "method must be lower-case letters followed by \":\"";
        }
        if (i + 1 == s.length()) {
            return "identifier after the method is empty";
        }
        for (int j = i + 1; j < s.length(); j++) {
            char c = s.charAt(j);
            if (!(Chars.isAlnum(c) || c == '.' || c == '_' || c == ':' || c == '%' || c == '-')) {
                return "identifier may only contain ASCII letters, digits and . _ : % -";
            }
        }
        char last = s.charAt(s.length() - 1);
        if (last == ':' || last == '%') {
            return "must not end with \":\" or \"%\"";
        }
        return null;
    }

    /** The method name, for example {@code plc}. */
    public String method() {
        return value.substring(4, methodEnd);
    }

    /** The method-specific identifier, everything after {@code did:<method>:}. */
    public String identifier() {
        return value.substring(methodEnd + 1);
    }

    public boolean isPlc() {
        return methodEnd == 7 && value.startsWith("plc", 4);
    }

    public boolean isWeb() {
        return methodEnd == 7 && value.startsWith("web", 4);
    }

    @Override
    public boolean isDid() {
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Did && ((Did) o).value.equals(value);
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
