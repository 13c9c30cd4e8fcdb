package dev.pds.core.store;

import dev.pds.core.data.Cid;
import dev.pds.core.syntax.Did;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Where a repo stands: its current signed commit, the MST root that commit names, and its rev.
 * {@code repoId} is the store's compact prefix for the repo's keys, internal to the store.
 */
public record RepoHead(Did did, int repoId, Cid commit, Cid data, String rev) {
    public RepoHead {
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(rev, "rev");
    }

    /** Value in {@link ColumnFamily#REPOS}: repo id (4), commit CID, data CID, rev (ASCII). */
    byte[] encode() {
        byte[] r = rev.getBytes(StandardCharsets.US_ASCII);
        byte[] v = new byte[4 + commit.byteLength() + data.byteLength() + r.length];
        Keys.putInt(v, 0, repoId);
        int p = commit.copyTo(v, 4);
        p = data.copyTo(v, p);
        System.arraycopy(r, 0, v, p, r.length);
        return v;
    }

    static RepoHead decode(Did did, byte[] v) {
        int id = Keys.getInt(v, 0);
        Cid commit = Cid.read(v, 4);
        int p = 4 + commit.byteLength();
        Cid data = Cid.read(v, p);
        p += data.byteLength();
        return new RepoHead(did, id, commit, data, new String(v, p, v.length - p, StandardCharsets.US_ASCII));
    }
}
