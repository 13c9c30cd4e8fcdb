package dev.pds.server.plc;

import dev.pds.core.error.ErrorStatus;
import dev.pds.core.error.XrpcException;

/** The errors both directory clients raise, so callers see the same names either way. */
final class PlcErrors {
    static final String DID_NOT_FOUND = "DidNotFound";

    private PlcErrors() {
    }

    static XrpcException notRegistered(String did) {
        return new XrpcException(ErrorStatus.NOT_FOUND, DID_NOT_FOUND, "DID not registered: " + did);
    }

    static XrpcException notAvailable(String did) {
        return new XrpcException(ErrorStatus.NOT_FOUND, DID_NOT_FOUND, "DID not available: " + did);
    }

    static XrpcException upstream(String message, Throwable cause) {
        return new XrpcException(ErrorStatus.UPSTREAM_FAILURE, "UpstreamFailure", message, cause);
    }

    static XrpcException timeout(String message, Throwable cause) {
        return new XrpcException(ErrorStatus.UPSTREAM_TIMEOUT, "UpstreamTimeout", message, cause);
    }
}
