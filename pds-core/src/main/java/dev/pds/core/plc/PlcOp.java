package dev.pds.core.plc;

import dev.pds.core.data.Cid;
import dev.pds.core.data.DagCbor;
import dev.pds.core.data.DataJson;
import dev.pds.core.data.DataMap;

/**
 * One entry of a did:plc operation log: a regular operation, a tombstone, or (only as genesis)
 * the legacy {@code create} operation. Signed and hashed as DAG-CBOR; {@code prev} is the CID
 * of the previous operation as a string, not a link. An op without {@code sig} is unsigned.
 */
public sealed interface PlcOp permits PlcOperation, PlcTombstone, PlcLegacyCreate {
    /** The CID string of the operation this one follows, or null for a genesis operation. */
    String prev();

    /** The base64url signature, or null while unsigned. */
    String sig();

    /** The {@code type} field. */
    String type();

    /** The fields without {@code sig}: what the rotation key signs. */
    DataMap unsignedData();

    /** The same operation carrying {@code sig}. */
    PlcOp withSig(String sig);

    /** The fields with {@code sig} (when signed): what the log holds and the CID covers. */
    default DataMap data() {
        DataMap unsigned = unsignedData();
        return sig() == null ? unsigned : unsigned.toBuilder().put("sig", sig()).build();
    }

    default boolean isSigned() {
        return sig() != null;
    }

    /** DAG-CBOR of the operation without {@code sig}. */
    default byte[] unsignedBytes() {
        return DagCbor.encode(unsignedData());
    }

    /** DAG-CBOR of the operation as logged (with {@code sig}). */
    default byte[] bytes() {
        return DagCbor.encode(data());
    }

    /** The CID other operations name in {@code prev}. */
    default Cid cid() {
        return Cid.ofDagCbor(bytes());
    }

    /** The JSON the directory accepts and serves. */
    default String toJson() {
        return DataJson.write(data());
    }
}
