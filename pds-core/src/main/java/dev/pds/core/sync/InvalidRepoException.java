package dev.pds.core.sync;

import dev.pds.core.error.ErrorStatus;
import dev.pds.core.error.XrpcException;

/**
 * A repository export that does not verify: its commit, signature, DID, MST or records are
 * wrong or missing. The sender's fault, so 400 InvalidRequest.
 */
public final class InvalidRepoException extends XrpcException {
    private static final long serialVersionUID = 1L;

    public InvalidRepoException(String message) {
        this(message, null);
    }

    public InvalidRepoException(String message, Throwable cause) {
        super(ErrorStatus.BAD_REQUEST, "InvalidRequest", "invalid repository: " + message, cause);
    }
}
