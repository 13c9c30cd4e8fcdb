package dev.pds.core.syntax;

/**
 * The account part of an AT URI or an XRPC {@code repo} parameter: a {@link Did} or a
 * {@link Handle}. Strings starting with {@code did:} are read as DIDs, everything else as a handle.
 */
public sealed interface AtIdentifier permits Did, Handle {

    static AtIdentifier parse(String input) {
        if (input != null && input.startsWith("did:")) {
            return Did.parse(input);
        }
        String reason = Handle.check(input);
        if (reason != null) {
            throw SyntaxException.of("at-identifier", "neither a DID nor a handle (" + reason + ")");
        }
        return Handle.parse(input);
    }

    static boolean isValid(String input) {
        if (input != null && input.startsWith("did:")) {
            return Did.isValid(input);
        }
        return Handle.isValid(input);
    }

    /** True for a {@link Did}, false for a {@link Handle}. */
    boolean isDid();

    /** The canonical string form (handles in lower case). */
    @Override
    String toString();
}
