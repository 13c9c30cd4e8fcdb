package dev.pds.core.sync;

import dev.pds.core.data.Cid;
import dev.pds.core.data.DagCbor;
import dev.pds.core.data.DataBytes;
import dev.pds.core.data.DataInt;
import dev.pds.core.data.DataLink;
import dev.pds.core.data.DataMap;
import dev.pds.core.data.DataModelException;
import dev.pds.core.data.DataNull;
import dev.pds.core.data.DataValue;
import dev.pds.core.syntax.Did;
import dev.pds.core.syntax.Tid;
import dev.pds.crypto.CryptoException;
import dev.pds.crypto.DidKey;
import java.util.Objects;

/**
 * A commit as read from someone else's export: version 3, or the older version 2 (whose
 * {@code rev} may be absent). The signature is checked over the commit's own map without
 * {@code sig}, re-encoded canonically, so that fields we do not know still count.
 *
 * @param rev null only for a version 2 commit without one
 */
public record RepoCommit(Cid cid, String did, int version, Cid data, String rev, Cid prev, byte[] sig, byte[] unsignedBytes) {
    public RepoCommit {
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(sig, "sig");
        Objects.requireNonNull(unsignedBytes, "unsignedBytes");
    }

    /** Reads and checks the fields of a commit block (the bytes already match {@code cid}). */
    public static RepoCommit decode(Cid cid, byte[] bytes) {
        DataValue value;
        try {
            value = DagCbor.decode(bytes);
        } catch (DataModelException e) {
            throw bad(cid, "is not valid DAG-CBOR: " + e.getMessage(), e);
        }
        if (!(value instanceof DataMap map)) {
            throw bad(cid, "is not a map");
        }
        if (!(map.get("version") instanceof DataInt version) || (version.value() != 3 && version.value() != 2)) {
            throw bad(cid, "has version " + map.get("version") + "; only versions 3 and 2 are supported");
        }
        String did = map.getString("did");
        if (did == null || !Did.isValid(did)) {
            throw bad(cid, "has no valid did");
        }
        if (!(map.get("data") instanceof DataLink data)) {
            throw bad(cid, "has no data link (MST root)");
        }
        DataValue revValue = map.get("rev");
        String rev = map.getString("rev");
        if (version.value() == 3 || (revValue != null && !(revValue instanceof DataNull))) {
            if (rev == null || !Tid.isValid(rev)) {
                throw bad(cid, "has no valid rev (a TID)");
            }
        }
        DataValue prev = map.get("prev");
        if (version.value() == 3 && prev == null) {
            throw bad(cid, "has no prev field (null in version 3)");
        }
        if (prev != null && !(prev instanceof DataNull) && !(prev instanceof DataLink)) {
            throw bad(cid, "has a prev that is neither null nor a link");
        }
        if (!(map.get("sig") instanceof DataBytes sig)) {
            throw bad(cid, "has no sig bytes");
        }
        byte[] unsigned = DagCbor.encode(map.toBuilder().remove("sig").build());
        return new RepoCommit(cid, did, (int) version.value(), data.cid(), rev,
                prev instanceof DataLink l ? l.cid() : null, sig.bytes(), unsigned);
    }

    /** Whether the key named by {@code didKey} signed this commit; a malformed did:key is an error. */
    public boolean verifies(String didKey) {
        try {
            return DidKey.verifySignature(didKey, unsignedBytes, sig);
        } catch (CryptoException e) {
            throw new IllegalArgumentException("not a usable did:key: " + e.getMessage(), e);
        }
    }

    private static InvalidRepoException bad(Cid cid, String what, Throwable cause) {
        return new InvalidRepoException("commit " + cid + " " + what, cause);
    }

    private static InvalidRepoException bad(Cid cid, String what) {
        return bad(cid, what, null);
    }
}
