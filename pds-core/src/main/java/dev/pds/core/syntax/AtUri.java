package dev.pds.core.syntax;

import java.util.Objects;
import java.util.Optional;

/**
 * An AT URI in the restricted form Lexicon uses (atproto.com/specs/at-uri-scheme):
 * {@code at://AUTHORITY[/COLLECTION[/RKEY]]} with a DID or handle authority, an NSID collection
 * and a record key. No query, fragment, trailing slash or empty segment; at most 8 KiB.
 * A handle authority is lower-cased in the canonical form.
 */
public final class AtUri {
    public static final int MAX_LENGTH = 8192;
    private static final String PREFIX = "at://";

    private final AtIdentifier authority;
    private final Nsid collection;
    private final RecordKey rkey;
    private final String text;

    private AtUri(AtIdentifier authority, Nsid collection, RecordKey rkey) {
        this.authority = Objects.requireNonNull(authority, "authority");
        this.collection = collection;
        this.rkey = rkey;
        StringBuilder sb = new StringBuilder(PREFIX).append(authority);
        if (collection != null) {
            sb.append('/').append(collection);
            if (rkey != null) {
                sb.append('/').append(rkey);
            }
        }
        this.text = sb.toString();
    }

    /** The URI of a whole repository. */
    public static AtUri of(AtIdentifier authority) {
        return new AtUri(authority, null, null);
    }

    /** The URI of a collection in a repository. */
    public static AtUri of(AtIdentifier authority, Nsid collection) {
        return new AtUri(authority, Objects.requireNonNull(collection, "collection"), null);
    }

    /** The URI of one record. */
    public static AtUri of(AtIdentifier authority, Nsid collection, RecordKey rkey) {
        return new AtUri(authority, Objects.requireNonNull(collection, "collection"),
                Objects.requireNonNull(rkey, "rkey"));
    }

    /** The URI of one record, from strings that are each checked. */
    public static AtUri of(String authority, String collection, String rkey) {
        return of(AtIdentifier.parse(authority), Nsid.parse(collection), RecordKey.parse(rkey));
    }

    public static AtUri parse(String input) {
        String reason = checkShape(input);
        if (reason != null) {
            throw SyntaxException.of("AT URI", reason);
        }
        int authEnd = input.indexOf('/', PREFIX.length());
        if (authEnd < 0) {
            return new AtUri(part("authority", input.substring(PREFIX.length()), AtIdentifier::parse), null, null);
        }
        AtIdentifier authority = part("authority", input.substring(PREFIX.length(), authEnd), AtIdentifier::parse);
        int collEnd = input.indexOf('/', authEnd + 1);
        if (collEnd < 0) {
            return new AtUri(authority, part("collection", input.substring(authEnd + 1), Nsid::parse), null);
        }
        Nsid collection = part("collection", input.substring(authEnd + 1, collEnd), Nsid::parse);
        RecordKey rkey = part("record key", input.substring(collEnd + 1), RecordKey::parse);
        return new AtUri(authority, collection, rkey);
    }

    public static boolean isValid(String input) {
        if (checkShape(input) != null) {
            return false;
        }
        int authEnd = input.indexOf('/', PREFIX.length());
        if (authEnd < 0) {
            return AtIdentifier.isValid(input.substring(PREFIX.length()));
        }
        if (!AtIdentifier.isValid(input.substring(PREFIX.length(), authEnd))) {
            return false;
        }
        int collEnd = input.indexOf('/', authEnd + 1);
        if (collEnd < 0) {
            return Nsid.isValid(input.substring(authEnd + 1));
        }
        return Nsid.isValid(input.substring(authEnd + 1, collEnd))
                && RecordKey.isValid(input.substring(collEnd + 1));
    }

    private static <T> T part(String name, String text, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(text);
        } catch (SyntaxException e) {
            throw new SyntaxException("Invalid AT URI: bad " + name + " (" + e.getMessage() + ")");
        }
    }

    /** Checks the scheme, length, characters and slash structure; the parts are checked by their types. */
    private static String checkShape(String s) {
        if (s == null || s.isEmpty()) {
            return "empty";
        }
        if (s.length() > MAX_LENGTH) {
            return "longer than " + MAX_LENGTH + " characters";
        }
        if (!s.startsWith(PREFIX)) {
            return "must start with \"at://\"";
        }
        int slashes = 0;
        char prev = '/';
        for (int i = PREFIX.length(); i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '?' || c == '#') {
                return "query and fragment parts are not allowed";
            }
            if (c <= ' ' || c >= 0x7f) {
                return "may only contain printable ASCII without spaces";
            }
            if (c == '/') {
                if (prev == '/') {
                    return "empty authority or path segment";
                }
                if (++slashes > 2) {
                    return "at most two path segments (collection and record key)";
                }
            }
            prev = c;
        }
        if (prev == '/') {
            return s.length() == PREFIX.length() ? "empty authority" : "must not end with a slash";
        }
        return null;
    }

    public AtIdentifier authority() {
        return authority;
    }

    public Optional<Nsid> collection() {
        return Optional.ofNullable(collection);
    }

    public Optional<RecordKey> rkey() {
        return Optional.ofNullable(rkey);
    }

    /** True when the URI names one record (it has a collection and a record key). */
    public boolean isRecord() {
        return rkey != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AtUri && ((AtUri) o).text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
