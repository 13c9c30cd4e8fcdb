package dev.pds.core.error;

import java.util.Objects;

/**
 * A failure a client can cause or must be told about. It carries the XRPC error name and
 * status it becomes at the edge as {@code {"error": name, "message": message}}, so code deep in
 * the core can say precisely what went wrong without knowing about HTTP.
 */
public class XrpcException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorStatus status;
    private final String error;

    public XrpcException(ErrorStatus status, String error, String message) {
        this(status, error, message, null);
    }

    public XrpcException(ErrorStatus status, String error, String message, Throwable cause) {
        super(message, cause);
        this.status = Objects.requireNonNull(status, "status");
        this.error = Objects.requireNonNull(error, "error");
    }

    /** 400 InvalidRequest: the generic answer to bad input. */
    public static XrpcException invalidRequest(String message) {
        return new XrpcException(ErrorStatus.BAD_REQUEST, "InvalidRequest", message);
    }

    /** 400 with a method-specific name, such as RecordNotFound or InvalidSwap. */
    public static XrpcException badRequest(String error, String message) {
        return new XrpcException(ErrorStatus.BAD_REQUEST, error, message);
    }

    public ErrorStatus status() {
        return status;
    }

    /** The XRPC error name, for example {@code InvalidRequest}. */
    public String error() {
        return error;
    }
}
