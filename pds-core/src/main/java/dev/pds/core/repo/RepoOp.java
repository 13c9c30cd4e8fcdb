package dev.pds.core.repo;

import dev.pds.core.data.Cid;
import java.util.Objects;

/**
 * A record operation as a commit event reports it: {@code cid} is null for a delete; {@code
 * prev} is the record's CID before the commit (null for a create).
 */
public record RepoOp(WriteAction action, String path, Cid cid, Cid prev) {
    public RepoOp {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(path, "path");
    }
}
