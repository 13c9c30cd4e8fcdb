package dev.pds.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.core.block.BlockMap;
import dev.pds.core.block.BlockSource;
import dev.pds.core.data.Cid;
import dev.pds.core.data.DataMap;
import dev.pds.core.syntax.Did;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The planner's own checks: ops that do not match the stored counts are refused, not written. */
class CommitPlannerTest {
    static final Did DID = Did.parse("did:plc:planneraaaaaaaaaaaaaaaaa");
    static final String POST = "app.bsky.feed.post";

    static PreparedCommit commit(BlockMap blocks, Set<Cid> removed, List<RecordOp> ops) {
        Cid data = blocks.putDagCbor(DataMap.builder().put("n", 1).build());
        Cid commit = blocks.putDagCbor(DataMap.builder().put("data", data).build());
        return new PreparedCommit(commit, data, "3l2kabcdefg22", blocks, removed, ops, List.of());
    }

    static RepoHead head(PreparedCommit c) {
        return new RepoHead(DID, 7, c.commit(), c.data(), c.rev());
    }

    @Test
    void deletingARecordBlockNobodyCountsIsRefused() {
        BlockMap blocks = new BlockMap();
        Cid ghost = new BlockMap().putDagCbor(DataMap.builder().put("$type", POST).build());
        PreparedCommit c = commit(blocks, Set.of(ghost), List.of(RecordOp.delete(POST, "a", ghost)));
        StoreException e = assertThrows(StoreException.class, () -> CommitPlanner.plan(head(c), c, BlockSource.empty(), cid -> 0));
        assertTrue(e.getMessage().contains("do not match"), e.getMessage());
    }

    @Test
    void aNewReferenceToABlockThatIsNeitherNewNorStoredIsRefused() {
        Cid elsewhere = new BlockMap().putDagCbor(DataMap.builder().put("$type", POST).build());
        PreparedCommit c = commit(new BlockMap(), Set.of(), List.of(RecordOp.create(POST, "a", elsewhere)));
        assertThrows(StoreException.class, () -> CommitPlanner.plan(head(c), c, BlockSource.empty(), cid -> 0));
        // the same op is fine when the repo already stores the block (another record shares it)
        BlockMap stored = new BlockMap();
        stored.putDagCbor(DataMap.builder().put("$type", POST).build());
        CommitPlanner.Plan plan = CommitPlanner.plan(head(c), c, stored, cid -> 0);
        assertEquals(Map.of(elsewhere, 1), plan.pending().refCounts);
    }

    @Test
    void sharedBlockStaysWhenOneOfTwoRecordsGoesAndUnreachableNodesGo() {
        BlockMap blocks = new BlockMap();
        Cid shared = new BlockMap().putDagCbor(DataMap.builder().put("$type", POST).build());
        Cid oldNode = new BlockMap().putDagCbor(DataMap.builder().put("node", 1).build());
        PreparedCommit c = commit(blocks, Set.of(shared, oldNode), List.of(RecordOp.delete(POST, "a", shared)));
        CommitPlanner.Plan plan = CommitPlanner.plan(head(c), c, BlockSource.empty(), cid -> cid.equals(shared) ? 2 : 0);
        assertEquals(Map.of(shared, 1), plan.pending().refCounts);
        assertEquals(Set.of(oldNode), plan.pending().deleted);
    }
}
