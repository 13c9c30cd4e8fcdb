package dev.pds.server.xrpc;

import dev.pds.core.error.ErrorStatus;
import dev.pds.core.error.XrpcException;

/** The protocol's generic errors, with the names and statuses PROTOCOL.md gives them. */
public final class XrpcErrors {
    private XrpcErrors() {
    }

    public static XrpcException methodNotImplemented() {
        return new XrpcException(ErrorStatus.NOT_IMPLEMENTED, "MethodNotImplemented", "Method Not Implemented");
    }

    public static XrpcException notFound() {
        return new XrpcException(ErrorStatus.NOT_FOUND, "NotFound", "Not Found");
    }

    public static XrpcException payloadTooLarge(long limit) {
        return new XrpcException(ErrorStatus.PAYLOAD_TOO_LARGE, "PayloadTooLarge",
                "Request body is larger than the limit of " + limit + " bytes");
    }

    public static XrpcException notEnoughResources(String message) {
        return new XrpcException(ErrorStatus.NOT_ENOUGH_RESOURCES, "NotEnoughResources", message);
    }

    /** What a client sees for any unexpected failure: no detail, the cause stays in our log. */
    public static XrpcException internal() {
        return new XrpcException(ErrorStatus.INTERNAL, "InternalServerError", "Internal Server Error");
    }
}
