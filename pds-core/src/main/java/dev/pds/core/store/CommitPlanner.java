package dev.pds.core.store;

import dev.pds.core.block.Block;
import dev.pds.core.block.BlockSource;
import dev.pds.core.data.Cid;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Turns one prepared commit into the database changes it makes: new blocks (each with the
 * commit's rev, {@link BlockValue}), unreachable blocks deleted (a record block only when no
 * other record of the repo still uses it), the record index, the reference counts, and the
 * head. Pure planning: it reads the repo's current state but writes nothing.
 */
final class CommitPlanner {
    /** The changes to write, and the same effect as seen by the repo's next commit. */
    record Plan(BatchOps ops, PendingCommit pending) {
    }

    /** Current reference count of a record block of this repo, pending commits included. */
    interface RefCounts {
        int get(Cid cid);
    }

    private CommitPlanner() {
    }

    static Plan plan(RepoHead newHead, PreparedCommit commit, BlockSource current, RefCounts refs) {
        int repoId = newHead.repoId();
        BatchOps ops = new BatchOps();
        Map<Cid, Integer> deltas = new LinkedHashMap<>();
        for (RecordOp op : commit.ops()) {
            byte[] key = Keys.record(repoId, op.collection(), op.rkey());
            if (op.cid() != null) {
                deltas.merge(op.cid(), 1, Integer::sum);
                ops.put(ColumnFamily.RECORDS, key, op.cid().toBytes());
            } else {
                ops.delete(ColumnFamily.RECORDS, key);
            }
            if (op.prev() != null) {
                deltas.merge(op.prev(), -1, Integer::sum);
            }
        }
        Set<Cid> deleted = new HashSet<>();
        Set<Cid> keepRev = new HashSet<>();
        Map<Cid, Integer> counts = new HashMap<>();
        for (Map.Entry<Cid, Integer> e : deltas.entrySet()) {
            Cid cid = e.getKey();
            int before = refs.get(cid);
            int after = before + e.getValue();
            if (before > 0) {
                keepRev.add(cid);
            }
            if (after < 0) {
                throw new StoreException("record block " + cid + " would be used by " + after + " records: the ops do not match the store");
            }
            if (after == before) {
                continue;
            }
            counts.put(cid, after);
            byte[] key = Keys.recordRef(repoId, cid);
            if (after == 0) {
                ops.delete(ColumnFamily.RECORD_REFS, key);
                ops.delete(ColumnFamily.BLOCKS, Keys.block(repoId, cid));
                deleted.add(cid);
            } else {
                ops.put(ColumnFamily.RECORD_REFS, key, Keys.intValue(after));
                if (before == 0 && !commit.newBlocks().contains(cid) && !current.has(cid)) {
                    throw new StoreException("record block " + cid + " is neither new nor stored");
                }
            }
        }
        for (Cid cid : commit.removedBlocks()) {
            // superseded MST nodes and the old commit: never a record block as well, since every
            // record has a $type and neither kind of map does (WriteOp), so no reference to look up
            if (deltas.containsKey(cid) || commit.newBlocks().contains(cid)) {
                continue;
            }
            ops.delete(ColumnFamily.BLOCKS, Keys.block(repoId, cid));
            deleted.add(cid);
        }
        byte[] rev = Keys.revValue(newHead.rev());
        for (Block b : commit.newBlocks()) {
            // a record block another record already uses is stored, and keeps the rev it came
            // with (reference: insert or ignore)
            if (!deleted.contains(b.cid()) && !keepRev.contains(b.cid())) {
                ops.put(ColumnFamily.BLOCKS, Keys.block(repoId, b.cid()), BlockValue.of(b.bytes(), rev));
            }
        }
        ops.put(ColumnFamily.REPOS, Keys.repo(newHead.did()), newHead.encode());
        return new Plan(ops, new PendingCommit(repoId, commit.newBlocks(), deleted, counts));
    }
}
