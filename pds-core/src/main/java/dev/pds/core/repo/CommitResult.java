package dev.pds.core.repo;

import dev.pds.core.block.Block;
import dev.pds.core.block.BlockMap;
import dev.pds.core.data.Cid;
import java.util.List;
import java.util.Set;

/**
 * Everything one commit changes, for the store's write batch and the firehose event.
 *
 * @param repo the repository after the commit (its tree reads the new blocks from {@code
 *     newBlocks} until the store holds them)
 * @param commit the signed commit; {@code commitBlock} its encoding, whose CID is the new head
 * @param since the previous commit's rev, null for a repository's first commit
 * @param prevData the previous MST root, null for a repository's first commit
 * @param newBlocks blocks to store: the commit, new MST nodes, and the records written
 * @param removedCids blocks nothing references any more: the previous commit and the MST nodes
 *     the new tree no longer has. Safe to delete.
 * @param removedRecordCandidates CIDs of records this commit replaced or deleted (minus the CIDs
 *     it wrote). Two paths may hold the same record CID, so the store deletes such a block only
 *     when no remaining path of the repository points to it.
 * @param ops the net record changes, one per path written, in the order the paths were first
 *     written (a path created and deleted in one batch has none)
 * @param written the CID each write stored, in the order of the writes (null for a delete)
 * @param eventBlocks the blocks of the {@code #commit} event: the commit, the records written,
 *     the new MST nodes and every node needed to invert the ops (Sync 1.1)
 */
public record CommitResult(
        Repo repo,
        Commit commit,
        Block commitBlock,
        String since,
        Cid prevData,
        BlockMap newBlocks,
        Set<Cid> removedCids,
        Set<Cid> removedRecordCandidates,
        List<RepoOp> ops,
        List<Cid> written,
        BlockMap eventBlocks) {

    public Cid cid() {
        return commitBlock.cid();
    }

    public String rev() {
        return commit.rev();
    }

    public Cid data() {
        return commit.data();
    }
}
