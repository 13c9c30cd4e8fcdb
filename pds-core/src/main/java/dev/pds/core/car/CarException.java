package dev.pds.core.car;

import dev.pds.core.error.ErrorStatus;
import dev.pds.core.error.XrpcException;
import java.util.Objects;

/**
 * A CAR file that cannot be read: malformed, truncated, over a limit, or holding a block whose
 * bytes do not hash to its CID. Always the sender's fault, so it is a 400 InvalidRequest; the
 * {@link Reason} lets callers and tests tell the failures apart without parsing messages.
 */
public final class CarException extends XrpcException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, coarsely. */
    public enum Reason {
        /** The input ended inside the header or a block section. */
        TRUNCATED,
        /** A length prefix is not a valid minimal unsigned varint. */
        BAD_VARINT,
        /** The header is not {@code {version: 1, roots: [CID, ...]}}. */
        BAD_HEADER,
        /** A section does not start with a valid binary CID. */
        BAD_CID,
        /** A CID uses a codec or hash function atproto does not use. */
        UNSUPPORTED_CID,
        /** A block's bytes do not hash to its CID. */
        HASH_MISMATCH,
        /** The header, a block, the block count or the whole file is over its limit. */
        TOO_LARGE,
        /** Reading the underlying stream failed. */
        IO
    }

    private final Reason reason;

    public CarException(Reason reason, String message) {
        this(reason, message, null);
    }

    public CarException(Reason reason, String message, Throwable cause) {
        super(ErrorStatus.BAD_REQUEST, "InvalidRequest", "invalid CAR: " + message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
