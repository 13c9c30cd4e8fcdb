package dev.pds.core.block;

import dev.pds.core.data.Cid;
import dev.pds.core.data.DagCbor;
import dev.pds.core.data.DataValue;
import java.util.Objects;

/**
 * One content-addressed block: a CID and the bytes it hashes. The bytes are neither copied in
 * nor out, because blocks travel through every write and every export; whoever builds a block
 * hands the array over and nobody may mutate it afterwards. Two blocks are equal when their
 * CIDs are (the CID determines the bytes).
 */
public record Block(Cid cid, byte[] bytes) {
    public Block {
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(bytes, "bytes");
    }

    /** Encodes {@code value} as canonical DAG-CBOR and addresses it (dag-cbor, SHA-256). */
    public static Block ofDagCbor(DataValue value) {
        byte[] bytes = DagCbor.encode(value);
        return new Block(Cid.ofDagCbor(bytes), bytes);
    }

    /** Addresses bytes that already are DAG-CBOR; takes ownership of {@code bytes}. */
    public static Block ofDagCborBytes(byte[] bytes) {
        return new Block(Cid.ofDagCbor(bytes), bytes);
    }

    /** Whether the bytes hash to the CID (for blocks read from untrusted input). */
    public boolean verifies() {
        return cid.isBlessed() && (cid.codec() == Cid.DAG_CBOR ? Cid.ofDagCbor(bytes) : Cid.ofRaw(bytes)).equals(cid);
    }

    public int size() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Block b && cid.equals(b.cid);
    }

    @Override
    public int hashCode() {
        return cid.hashCode();
    }

    @Override
    public String toString() {
        return "Block[" + cid + ", " + bytes.length + " bytes]";
    }
}
