package dev.pds.core.plc;

import dev.pds.core.error.ErrorStatus;
import dev.pds.core.error.XrpcException;

/**
 * An operation or log the did:plc rules refuse. The directory answers these with 400 and
 * {@code {"message": ...}}; the XRPC name says which rule failed when a PDS passes it on.
 */
public final class PlcException extends XrpcException {
    private static final long serialVersionUID = 1L;

    /** The operation's shape or contents break the format or the directory's limits. */
    public static final String INVALID_OPERATION = "InvalidPlcOperation";
    /** No allowed rotation key signed the operation, or the signature is not strictly encoded. */
    public static final String INVALID_SIGNATURE = "InvalidPlcSignature";
    /** {@code prev} does not name an operation the operation may follow. */
    public static final String MISORDERED = "MisorderedPlcOperation";
    /** A nullifying operation came more than 72 hours after the operation it would undo. */
    public static final String LATE_RECOVERY = "LatePlcRecovery";
    /** The genesis operation does not hash to the DID it was posted for. */
    public static final String GENESIS_HASH = "PlcGenesisHashMismatch";

    public PlcException(String error, String message) {
        super(ErrorStatus.BAD_REQUEST, error, message);
    }

    static PlcException invalid(String message) {
        return new PlcException(INVALID_OPERATION, message);
    }

    static PlcException misordered() {
        return new PlcException(MISORDERED, "Operations not correctly ordered");
    }
}
