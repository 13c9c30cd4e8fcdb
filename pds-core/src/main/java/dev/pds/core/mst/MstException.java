package dev.pds.core.mst;

import dev.pds.core.error.ErrorStatus;
import dev.pds.core.error.XrpcException;

/**
 * An MST operation that cannot be done (a key that is malformed, already present or missing) or
 * tree data that breaks the repository spec (a node out of order, at the wrong depth, badly
 * compressed). Both come from input, so they carry 400 InvalidRequest.
 */
public final class MstException extends XrpcException {
    private static final long serialVersionUID = 1L;

    public MstException(String message) {
        super(ErrorStatus.BAD_REQUEST, "InvalidRequest", message);
    }

    public MstException(String message, Throwable cause) {
        super(ErrorStatus.BAD_REQUEST, "InvalidRequest", message, cause);
    }
}
