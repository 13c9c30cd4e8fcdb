package dev.pds.core.repo;

import dev.pds.core.block.Block;
import dev.pds.core.block.BlockMap;
import dev.pds.core.block.BlockSource;
import dev.pds.core.data.Cid;
import dev.pds.core.error.XrpcException;
import dev.pds.core.mst.Mst;
import dev.pds.core.mst.MstDiff;
import dev.pds.core.mst.NodeCache;
import dev.pds.core.syntax.Did;
import dev.pds.core.syntax.Nsid;
import dev.pds.core.syntax.RecordKey;
import dev.pds.core.syntax.Tid;
import dev.pds.core.syntax.TidClock;
import dev.pds.crypto.Keypair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One account's repository at one commit: the head commit and its MST, read from a block
 * source. Immutable; {@link #applyWrites} returns the next state inside a {@link CommitResult}.
 * Writes to one repository must be serialized by the caller (each builds on the head it read).
 */
public final class Repo {
    /** Most writes in one commit (sync spec, "#commit" limits). */
    public static final int MAX_WRITES = 200;
    /** Largest record block (sync spec). */
    public static final int MAX_RECORD_BYTES = 1_000_000;
    /** Largest total of an event's blocks (sync spec). */
    public static final int MAX_EVENT_BLOCK_BYTES = 2_000_000;

    private final Cid head;
    private final Commit commit;
    private final Mst mst;

    private Repo(Cid head, Commit commit, Mst mst) {
        this.head = head;
        this.commit = commit;
        this.mst = mst;
    }

    /** The first commit of a new account: an empty tree, signed with the account key. */
    public static CommitResult create(String did, Keypair key, TidClock clock, BlockSource source, NodeCache cache) {
        if (!Did.isValid(did)) {
            throw XrpcException.invalidRequest("not a valid DID: " + did);
        }
        Mst empty = Mst.empty(source, cache);
        Commit commit = Commit.sign(did, empty.root(), clock.next().toString(), key);
        Block commitBlock = commit.toBlock();
        Mst.Persisted persisted = empty.persist();
        BlockMap blocks = new BlockMap();
        blocks.put(commitBlock);
        blocks.putAll(persisted.blocks());
        Repo repo = new Repo(commitBlock.cid(), commit, persisted.tree());
        BlockMap event = new BlockMap();
        event.putAll(blocks);
        return new CommitResult(repo, commit, commitBlock, null, null, blocks, Set.of(), Set.of(), List.of(), List.of(), event);
    }

    /** The repository whose head commit is {@code head}, read from {@code source}. */
    public static Repo load(BlockSource source, Cid head, NodeCache cache) {
        Commit commit = Commit.decode(source.require(head));
        return new Repo(head, commit, Mst.load(source, commit.data(), cache));
    }

    public String did() {
        return commit.did();
    }

    /** CID of the head commit. */
    public Cid head() {
        return head;
    }

    public Commit commit() {
        return commit;
    }

    public String rev() {
        return commit.rev();
    }

    public Mst mst() {
        return mst;
    }

    /** CID of the record at {@code collection/rkey}, or null. */
    public Cid getRecord(String collection, String rkey) {
        return mst.get(collection + "/" + rkey);
    }

    /**
     * Applies a batch of writes as one signed commit. {@code swapCommit}, when not null, must be
     * the current head; each write's swap must match its record. A create needs the record
     * absent, an update or delete needs it present. Fails (nothing changed) with 400
     * InvalidSwap when a swap loses and InvalidRequest for any other bad write.
     *
     * <p>The writes apply in order, as the reference PDS applies them, so one batch may write a
     * path more than once (a create then a delete, say); each write's checks see the writes
     * before it. The commit's ops are the net change, one per path: what a Sync 1.1 consumer
     * inverts to reach the previous tree. A path written and then deleted has no op.
     */
    public CommitResult applyWrites(List<WriteOp> writes, Cid swapCommit, Keypair key, TidClock clock) {
        if (writes.size() > MAX_WRITES) {
            throw XrpcException.invalidRequest("Too many writes. Max: " + MAX_WRITES);
        }
        if (swapCommit != null && !swapCommit.equals(head)) {
            throw XrpcException.badRequest("InvalidSwap", "Commit was at " + head);
        }
        Mst tree = mst;
        // per path, in the order first written: the record before the batch, and after it so far
        Map<String, Cid> before = new LinkedHashMap<>();
        Map<String, Cid> after = new HashMap<>();
        List<Cid> written = new ArrayList<>(writes.size());
        BlockMap records = new BlockMap();
        for (WriteOp w : writes) {
            checkPath(w);
            String path = w.path();
            Cid current = after.containsKey(path) ? after.get(path) : tree.get(path);
            if (!before.containsKey(path)) {
                before.put(path, current);
            }
            checkSwap(w, current);
            Cid cid = null;
            if (w.action() != WriteAction.DELETE) {
                Block record = Block.ofDagCbor(w.record());
                if (record.size() > MAX_RECORD_BYTES) {
                    throw XrpcException.invalidRequest("record " + path + " is " + record.size() + " bytes, over the limit of "
                            + MAX_RECORD_BYTES);
                }
                records.put(record);
                cid = record.cid();
            }
            switch (w.action()) {
                case CREATE -> {
                    if (current != null) {
                        throw XrpcException.invalidRequest("record already exists: " + path);
                    }
                    tree = tree.add(path, cid);
                }
                case UPDATE -> {
                    if (current == null) {
                        throw XrpcException.invalidRequest("could not find record to update: " + path);
                    }
                    tree = tree.update(path, cid);
                }
                case DELETE -> {
                    if (current == null) {
                        throw XrpcException.invalidRequest("could not find record to delete: " + path);
                    }
                    tree = tree.delete(path);
                }
            }
            after.put(path, cid);
            written.add(cid);
        }
        List<RepoOp> ops = netOps(before, after);
        if (ops.size() < writes.size()) {
            // a record block that a later write of the batch replaced is not part of the commit
            BlockMap kept = new BlockMap();
            for (RepoOp op : ops) {
                if (op.cid() != null) {
                    kept.put(op.cid(), records.get(op.cid()));
                }
            }
            records = kept;
        }
        return commit(tree, ops, written, records, key, clock);
    }

    /**
     * The next commit of this repository holding exactly the tree whose root is {@code data}, read
     * from {@code imported} (the blocks of an account's export from its previous server, already
     * verified): its nodes and the records they reach become this repository's, under a commit
     * signed with {@code key}, whose rev follows both this repository's and the export's, so the
     * history relays saw keeps moving forward. The ops are the record changes from this
     * repository's tree to the imported one; the event blocks are the commit alone, since an
     * import is announced, if at all, with a {@code #sync} event (the whole tree changed).
     */
    public CommitResult importTree(Cid data, String importedRev, BlockSource imported, Keypair key, TidClock clock,
            NodeCache cache) {
        Mst tree = Mst.load(imported, data, cache);
        MstDiff diff = MstDiff.between(mst, tree);
        List<RepoOp> ops = new ArrayList<>(diff.changes().size());
        BlockMap records = new BlockMap();
        Set<Cid> candidates = new LinkedHashSet<>();
        for (MstDiff.Change c : diff.changes()) {
            WriteAction action = c.isCreate() ? WriteAction.CREATE : c.isDelete() ? WriteAction.DELETE : WriteAction.UPDATE;
            ops.add(new RepoOp(action, c.key(), c.after(), c.before()));
            if (c.after() != null && !records.contains(c.after())) {
                byte[] record = imported.get(c.after());
                if (record == null) {
                    throw XrpcException.invalidRequest("the record at " + c.key() + " (" + c.after() + ") is not in the import");
                }
                records.put(c.after(), record);
            }
            if (c.before() != null) {
                candidates.add(c.before());
            }
        }
        candidates.removeAll(records.cids());
        Tid after = Tid.parse(commit.rev());
        if (importedRev != null && Tid.isValid(importedRev) && importedRev.compareTo(after.toString()) > 0) {
            after = Tid.parse(importedRev);
        }
        Commit next = Commit.sign(commit.did(), tree.root(), clock.nextAfter(after).toString(), key);
        Block commitBlock = next.toBlock();
        BlockMap newBlocks = new BlockMap();
        newBlocks.put(commitBlock);
        newBlocks.putAll(diff.addedNodes());
        newBlocks.putAll(records);
        Set<Cid> removed = new LinkedHashSet<>();
        removed.add(head);
        removed.addAll(diff.removedNodes());
        BlockMap event = new BlockMap();
        event.put(commitBlock);
        return new CommitResult(new Repo(commitBlock.cid(), next, tree), next, commitBlock, commit.rev(), mst.root(),
                newBlocks, Collections.unmodifiableSet(removed), Collections.unmodifiableSet(candidates),
                Collections.unmodifiableList(ops), ops.stream().map(RepoOp::cid).toList(), event);
    }

    /** One op per path: from its record before the batch to its record after it. */
    private static List<RepoOp> netOps(Map<String, Cid> before, Map<String, Cid> after) {
        List<RepoOp> ops = new ArrayList<>(before.size());
        for (Map.Entry<String, Cid> e : before.entrySet()) {
            Cid prev = e.getValue();
            Cid now = after.get(e.getKey());
            if (prev == null && now == null) {
                continue;
            }
            WriteAction action = prev == null ? WriteAction.CREATE : now == null ? WriteAction.DELETE : WriteAction.UPDATE;
            ops.add(new RepoOp(action, e.getKey(), now, prev));
        }
        return ops;
    }

    private CommitResult commit(Mst tree, List<RepoOp> ops, List<Cid> written, BlockMap records, Keypair key,
            TidClock clock) {
        MstDiff diff = MstDiff.nodesBetween(mst, tree);
        String rev = clock.nextAfter(Tid.parse(commit.rev())).toString();
        Commit next = Commit.sign(commit.did(), tree.root(), rev, key);
        Block commitBlock = next.toBlock();

        BlockMap newBlocks = new BlockMap();
        newBlocks.put(commitBlock);
        newBlocks.putAll(diff.addedNodes());
        newBlocks.putAll(records);

        List<String> opPaths = new ArrayList<>(ops.size());
        Set<Cid> candidates = new LinkedHashSet<>();
        for (RepoOp op : ops) {
            opPaths.add(op.path());
            if (op.prev() != null && !records.contains(op.prev())) {
                candidates.add(op.prev());
            }
        }
        BlockMap event = new BlockMap();
        event.put(commitBlock);
        event.putAll(records);
        event.putAll(diff.addedNodes());
        event.putAll(tree.coveringProof(opPaths));
        if (event.byteSize() > MAX_EVENT_BLOCK_BYTES) {
            throw XrpcException.invalidRequest("Too many writes. Max event size: " + MAX_EVENT_BLOCK_BYTES + " bytes");
        }

        Set<Cid> removed = new LinkedHashSet<>();
        if (!commitBlock.cid().equals(head)) {
            removed.add(head);
        }
        removed.addAll(diff.removedNodes());

        Mst.Persisted persisted = tree.persist();
        Repo repo = new Repo(commitBlock.cid(), next, persisted.tree());
        return new CommitResult(repo, next, commitBlock, commit.rev(), mst.root(), newBlocks,
                Collections.unmodifiableSet(removed), Collections.unmodifiableSet(candidates),
                Collections.unmodifiableList(ops), Collections.unmodifiableList(written), event);
    }

    private static void checkPath(WriteOp w) {
        if (!Nsid.isValid(w.collection())) {
            throw XrpcException.invalidRequest("invalid collection NSID: " + w.collection());
        }
        if (!RecordKey.isValid(w.rkey())) {
            throw XrpcException.invalidRequest("invalid record key: " + w.rkey());
        }
    }

    /** The reference PDS's compare-and-swap rules for swapRecord. */
    private static void checkSwap(WriteOp w, Cid current) {
        WriteOp.Swap swap = w.swap();
        if (swap == null) {
            return;
        }
        Cid expected = swap.expected();
        boolean ok = switch (w.action()) {
            case CREATE -> expected == null && current == null;
            case UPDATE, DELETE -> expected != null && expected.equals(current);
        };
        if (!ok) {
            throw XrpcException.badRequest("InvalidSwap", "Record was at " + (current == null ? "null" : current.toString()));
        }
    }

    @Override
    public String toString() {
        return "Repo[" + commit.did() + " at " + head + ", rev " + commit.rev() + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Repo r && head.equals(r.head);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(head);
    }
}
