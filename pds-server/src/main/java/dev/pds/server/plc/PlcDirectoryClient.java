package dev.pds.server.plc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.plc.PlcLogEntry;
import dev.pds.core.plc.PlcOp;
import dev.pds.core.plc.PlcState;
import java.util.List;

/**
 * A did:plc directory as account code sees it, whether it is the embedded one of dev mode
 * ({@link PlcDirectory}) or a remote one over HTTP ({@link PlcClient}). Failures are
 * {@link dev.pds.core.error.XrpcException}s: the directory refusing an operation is
 * {@code InvalidPlcOperation} (400, with the directory's message), an unknown or tombstoned
 * DID is {@code DidNotFound} (404), and an unreachable or broken directory is
 * {@code UpstreamFailure} (502) or {@code UpstreamTimeout} (504).
 */
public interface PlcDirectoryClient {
    /** Submits a signed operation for {@code did} (genesis, update or tombstone). */
    void submit(String did, PlcOp op);

    /** The DID document the directory serves for {@code did}. */
    ObjectNode getDocument(String did);

    /** The current data of {@code did} ({@code /:did/data}). */
    PlcState getData(String did);

    /** The latest active operation ({@code /:did/log/last}); the next update names its CID. */
    PlcOp getLastOp(String did);

    /** The active operations, oldest first ({@code /:did/log}). */
    List<PlcOp> getLog(String did);

    /** Every operation with its CID, time and nullified flag ({@code /:did/log/audit}). */
    List<PlcLogEntry> getAuditLog(String did);
}
