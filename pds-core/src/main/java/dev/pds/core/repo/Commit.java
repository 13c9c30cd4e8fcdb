package dev.pds.core.repo;

import dev.pds.core.block.Block;
import dev.pds.core.data.Cid;
import dev.pds.core.data.DagCbor;
import dev.pds.core.data.DataBytes;
import dev.pds.core.data.DataInt;
import dev.pds.core.data.DataLink;
import dev.pds.core.data.DataMap;
import dev.pds.core.data.DataModelException;
import dev.pds.core.data.DataNull;
import dev.pds.core.data.DataValue;
import dev.pds.core.error.XrpcException;
import dev.pds.core.syntax.Did;
import dev.pds.core.syntax.Tid;
import dev.pds.crypto.DidKey;
import dev.pds.crypto.Keypair;
import java.util.Objects;

/**
 * A signed repository commit, version 3 (repository spec, "Commit Objects"): {@code {did,
 * version: 3, data, rev, prev: null, sig}}. The signature covers the DAG-CBOR of the commit
 * without {@code sig}; the commit's CID is that of the signed object.
 */
public record Commit(String did, Cid data, String rev, Cid prev, byte[] sig) {
    public static final int VERSION = 3;

    public Commit {
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(rev, "rev");
        Objects.requireNonNull(sig, "sig");
    }

    /** Signs a new commit with the account's signing key; {@code prev} is always null in v3. */
    public static Commit sign(String did, Cid data, String rev, Keypair key) {
        byte[] unsigned = CommitCodec.encode(did, data, rev, null, null);
        return new Commit(did, data, rev, null, key.sign(unsigned));
    }

    private static DataMap unsignedData(String did, Cid data, String rev, Cid prev) {
        return DataMap.builder().put("did", did).put("version", VERSION).put("data", data).put("rev", rev)
                .put("prev", prev == null ? DataNull.INSTANCE : new DataLink(prev)).build();
    }

    /** The bytes the signature covers: DAG-CBOR of the commit without {@code sig}. */
    public byte[] unsignedBytes() {
        return CommitCodec.encode(did, data, rev, prev, null);
    }

    public DataMap toData() {
        return unsignedData(did, data, rev, prev).toBuilder().put("sig", new DataBytes(sig)).build();
    }

    /** The signed commit as a block; its CID is the commit's CID. */
    public Block toBlock() {
        byte[] bytes = CommitCodec.encode(did, data, rev, prev, sig);
        return new Block(Cid.ofDagCbor(bytes), bytes);
    }

    /** Whether the key named by {@code didKey} signed this commit. */
    public boolean verify(String didKey) {
        return DidKey.verifySignature(didKey, unsignedBytes(), sig);
    }

    /** Reads a commit block, checking every field; 400 InvalidRequest when it is not a v3 commit. */
    public static Commit decode(byte[] bytes) {
        DataValue v;
        try {
            v = DagCbor.decode(bytes);
        } catch (DataModelException e) {
            throw invalid("not valid DAG-CBOR: " + e.getMessage());
        }
        if (!(v instanceof DataMap m)) {
            throw invalid("not a map");
        }
        for (String k : m.keys()) {
            if (!k.equals("did") && !k.equals("version") && !k.equals("data") && !k.equals("rev") && !k.equals("prev")
                    && !k.equals("sig")) {
                throw invalid("unexpected field " + k);
            }
        }
        if (!(m.get("version") instanceof DataInt version) || version.value() != VERSION) {
            throw invalid("version must be " + VERSION);
        }
        String did = m.getString("did");
        if (did == null || !Did.isValid(did)) {
            throw invalid("did is missing or not a DID");
        }
        if (!(m.get("data") instanceof DataLink data)) {
            throw invalid("data must be a link");
        }
        String rev = m.getString("rev");
        if (rev == null || !Tid.isValid(rev)) {
            throw invalid("rev is missing or not a TID");
        }
        DataValue prev = m.get("prev");
        if (prev != null && !(prev instanceof DataNull) && !(prev instanceof DataLink)) {
            throw invalid("prev must be null or a link");
        }
        if (!(m.get("sig") instanceof DataBytes sig)) {
            throw invalid("sig must be bytes");
        }
        return new Commit(did, data.cid(), rev, prev instanceof DataLink l ? l.cid() : null, sig.bytes());
    }

    private static XrpcException invalid(String why) {
        return XrpcException.invalidRequest("invalid commit: " + why);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Commit c && did.equals(c.did) && data.equals(c.data) && rev.equals(c.rev)
                && Objects.equals(prev, c.prev) && java.util.Arrays.equals(sig, c.sig);
    }

    @Override
    public int hashCode() {
        return Objects.hash(did, data, rev, prev, java.util.Arrays.hashCode(sig));
    }

    @Override
    public String toString() {
        return "Commit[" + did + " rev " + rev + " data " + data + "]";
    }
}
