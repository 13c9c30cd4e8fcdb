package dev.pds.bench.store;

import dev.pds.core.block.BlockMap;
import dev.pds.core.data.Cid;
import dev.pds.core.data.DagCbor;
import dev.pds.core.data.DataMap;
import dev.pds.core.store.CommitPreparer;
import dev.pds.core.store.EventSource;
import dev.pds.core.store.PreparedCommit;
import dev.pds.core.store.RecordOp;
import dev.pds.core.syntax.Tid;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Commits of the store's own shape without MST or signature: one new record, a one-block
 * "tree" that names it, a commit block, and an event. They measure what the store and its
 * synced group writes cost by themselves.
 */
final class SyntheticCommits {
    private SyntheticCommits() {
    }

    static CommitPreparer createRecord(String did, String rkey, DataMap record) {
        return state -> {
            BlockMap blocks = new BlockMap();
            Cid recordCid = blocks.putDagCbor(record);
            long micros = state.exists() ? Tid.parse(state.head().rev()).timestampMicros() + 1 : 1_700_000_000_000_000L;
            String rev = Tid.of(micros, 0).toString();
            Cid data = blocks.putDagCbor(DataMap.builder().put("last", recordCid).put("rev", rev).build());
            Cid commit = blocks.putDagCbor(DataMap.builder().put("did", did).put("data", data).put("rev", rev)
                    .put("sig", new byte[64]).build());
            Set<Cid> removed = new HashSet<>();
            if (state.exists()) {
                removed.add(state.head().commit());
                removed.add(state.head().data());
            }
            byte[] recordBytes = blocks.get(recordCid);
            EventSource event = seq -> DagCbor.encode(DataMap.builder().put("seq", seq).put("repo", did).put("rev", rev)
                    .put("commit", commit).put("blocks", recordBytes).build());
            return new PreparedCommit(commit, data, rev, blocks, removed,
                    List.of(RecordOp.create("app.bsky.feed.post", rkey, recordCid)), List.of(event));
        };
    }
}
