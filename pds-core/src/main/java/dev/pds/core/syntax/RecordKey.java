package dev.pds.core.syntax;

/**
 * A record key (atproto.com/specs/record-key): 1-512 characters of ASCII letters, digits and
 * {@code . - _ : ~}, and neither {@code .} nor {@code ..}. Case-sensitive.
 */
public final class RecordKey {
    public static final int MAX_LENGTH = 512;

    private final String value;

    private RecordKey(String value) {
        this.value = value;
    }

    public static RecordKey parse(String input) {
        String reason = check(input);
        if (reason != null) {
            throw SyntaxException.of("record key", reason);
        }
        return new RecordKey(input);
    }

    public static boolean isValid(String input) {
        return check(input) == null;
    }

    /** The record key of a TID-keyed record. */
    public static RecordKey of(Tid tid) {
        return new RecordKey(tid.toString());
    }

    /** Returns why {@code s} is not a record key, or null when it is one. */
    static String check(String s) {
        if (s == null || s.isEmpty()) {
            return "empty";
        }
        if (s.length() > MAX_LENGTH) {
            return "longer than " + MAX_LENGTH + " characters";
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Chars.isAlnum(c) || c == '.' || c == '-' || c == '_' || c == ':' || c == '~')) {
                return "may only contain ASCII letters, digits and . - _ : ~";
            }
        }
        if (s.equals(".") || s.equals("..")) {
            return "must not be \".\" or \"..\"";
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordKey && ((RecordKey) o).value.equals(value);
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
