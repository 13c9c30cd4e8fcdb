package dev.pds.core.data;

import dev.pds.core.error.ErrorStatus;
import dev.pds.core.error.XrpcException;

/**
 * Input that is not valid atproto data model: non-canonical or malformed DAG-CBOR, a bad CID,
 * JSON that breaks the data model's rules. Clients cause it, so it is a 400 InvalidRequest.
 */
public final class DataModelException extends XrpcException {
    private static final long serialVersionUID = 1L;

    public DataModelException(String message) {
        super(ErrorStatus.BAD_REQUEST, "InvalidRequest", message);
    }

    public DataModelException(String message, Throwable cause) {
        super(ErrorStatus.BAD_REQUEST, "InvalidRequest", message, cause);
    }
}
