package dev.pds.core.syntax;

import dev.pds.core.error.ErrorStatus;
import dev.pds.core.error.XrpcException;

/**
 * An identifier or formatted string that breaks its grammar. It reaches a client as
 * 400 InvalidRequest with a message naming the kind of value and the rule that failed.
 */
public final class SyntaxException extends XrpcException {
    private static final long serialVersionUID = 1L;

    public SyntaxException(String message) {
        super(ErrorStatus.BAD_REQUEST, "InvalidRequest", message);
    }

    /** Builds the exception for a checker's failure reason, e.g. {@code fail("handle", "too long")}. */
    static SyntaxException of(String kind, String reason) {
        return new SyntaxException("Invalid " + kind + ": " + reason);
    }
}
