package dev.pds.core.sync;

import dev.pds.core.block.BlockMap;
import dev.pds.core.data.Cid;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A repository export that verified: who it belongs to, its state, and what it holds.
 *
 * @param rev         null only for a version 2 commit without one
 * @param collections record count per collection, in collection order
 * @param blocks      every block of the CAR (verified against its CID), for an import to store
 */
public record VerifiedRepo(String did, String rev, int version, Cid commit, Cid data,
        SortedMap<String, Long> collections, long recordCount, BlockMap blocks) {
    public VerifiedRepo {
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(data, "data");
        collections = Collections.unmodifiableSortedMap(new TreeMap<>(collections));
        Objects.requireNonNull(blocks, "blocks");
    }
}
