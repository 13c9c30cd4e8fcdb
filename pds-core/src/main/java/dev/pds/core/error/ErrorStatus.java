package dev.pds.core.error;

/** The HTTP status classes an XRPC error can have (PROTOCOL.md, "XRPC"). */
public enum ErrorStatus {
    BAD_REQUEST(400),
    AUTHENTICATION_REQUIRED(401),
    FORBIDDEN(403),
    NOT_FOUND(404),
    PAYLOAD_TOO_LARGE(413),
    RATE_LIMIT_EXCEEDED(429),
    INTERNAL(500),
    NOT_IMPLEMENTED(501),
    UPSTREAM_FAILURE(502),
    NOT_ENOUGH_RESOURCES(503),
    UPSTREAM_TIMEOUT(504);

    private final int code;

    ErrorStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
