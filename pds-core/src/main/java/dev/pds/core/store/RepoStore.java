package dev.pds.core.store;

import dev.pds.core.block.BlockSource;
import dev.pds.core.data.Cid;
import dev.pds.core.error.XrpcException;
import dev.pds.core.mst.NodeCache;
import dev.pds.core.repo.CommitResult;
import dev.pds.core.repo.Repo;
import dev.pds.core.repo.WriteOp;
import dev.pds.core.syntax.Did;
import dev.pds.core.syntax.TidClock;
import dev.pds.crypto.Keypair;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.rocksdb.ReadOptions;
import org.rocksdb.Snapshot;

/**
 * The repositories hosted here, on RocksDB: what the server reads and writes. Writes to one
 * repo are serialized (head read, commit built, write queued: one step), writes to different
 * repos run in parallel on the callers' threads, and every write is acknowledged only after
 * its synced group write (see {@link Sequencer}). Reads see durable state only.
 *
 * <p>Futures complete on the thread that wrote the group (usually the sequencer thread): attach
 * only quick stages, or async ones.
 */
public final class RepoStore implements AutoCloseable {
    public static final int MAX_PAGE = 1000;
    /** The layout version this code writes ({@link StoreFormat}); older stores are upgraded when opened. */
    public static final int FORMAT = StoreFormat.CURRENT;

    private final StoreDb db;
    private final Sequencer sequencer;
    private final StoreReader reader;
    private final RepoLanes lanes = new RepoLanes();
    private final TidClock clock;
    private final NodeCache nodeCache;
    private final EventLog log;
    private final RecordReads records;
    private final long blocksUpgraded;

    private RepoStore(StoreDb db, StoreConfig config) {
        this.db = db;
        this.blocksUpgraded = StoreFormat.upgrade(db);
        this.reader = new StoreReader(db, null);
        this.sequencer = new Sequencer(db, config);
        this.clock = TidClock.system();
        this.nodeCache = new NodeCache(config.nodeCacheSize());
        this.log = new EventLog(db, sequencer, reader);
        this.records = new RecordReads(db, reader);
    }

    /**
     * Opens (or creates) the store in {@code dir}, replaying the WAL after a crash and upgrading
     * an older format ({@link #blocksUpgradedAtOpen}).
     */
    public static RepoStore open(Path dir, StoreConfig config) {
        StoreDb db = StoreDb.open(dir, config);
        try {
            return new RepoStore(db, config);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** How many blocks opening rewrote to bring an older store to {@link #FORMAT}; 0 for a current one. */
    public long blocksUpgradedAtOpen() {
        return blocksUpgraded;
    }

    // ---- writes

    /** Writes the first commit of a new repo; AlreadyExists when the DID has one. */
    public CompletableFuture<CommitAck> createRepo(Did did, CommitPreparer first) {
        return write(did, true, null, first);
    }

    /**
     * Writes the next commit of an existing repo (RepoNotFound otherwise). With
     * {@code swapCommit} non-null the commit happens only if the repo's latest commit is that
     * CID (InvalidSwap otherwise), checked under the repo's write lock.
     */
    public CompletableFuture<CommitAck> commit(Did did, Cid swapCommit, CommitPreparer next) {
        return write(did, false, swapCommit, next);
    }

    /**
     * Creates a repo with its first (empty, signed) commit through the repo layer.
     * AlreadyExists when the DID has a repo.
     */
    public CompletableFuture<AppliedCommit> createRepo(Did did, Keypair key, CommitEvents events) {
        return createRepo(did, key, events, CommitTableWrites.NONE);
    }

    /** As {@link #createRepo(Did, Keypair, CommitEvents)}, with table changes in the same write (the account, say). */
    public CompletableFuture<AppliedCommit> createRepo(Did did, Keypair key, CommitEvents events, CommitTableWrites tables) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(tables, "tables");
        return write(did, true, null, false, (lane, state) -> {
            CommitResult r = Repo.create(did.toString(), key, clock, state.blocks(), nodeCache);
            return new Built(CommitResults.toPrepared(r, events.of(r)), r, tables.of(r));
        }).thenApply(w -> new AppliedCommit(w.result, w.seqs));
    }

    /**
     * Applies up to {@link Repo#MAX_WRITES} writes as one signed commit through the repo layer,
     * with {@code swapCommit} (nullable) checked against the latest commit under the repo's
     * write lock. Errors a client can cause (InvalidSwap, RepoNotFound, InvalidRequest) are
     * thrown before anything is queued; the future fails only if the store itself does.
     */
    public CompletableFuture<AppliedCommit> applyWrites(Did did, List<WriteOp> writes, Cid swapCommit, Keypair key,
                                                        CommitEvents events) {
        return applyWrites(did, writes, swapCommit, key, events, CommitTableWrites.NONE);
    }

    /**
     * As {@link #applyWrites(Did, List, Cid, Keypair, CommitEvents)}, with table changes built
     * from the commit under the repo's lock and written in the commit's batch.
     */
    public CompletableFuture<AppliedCommit> applyWrites(Did did, List<WriteOp> writes, Cid swapCommit, Keypair key,
                                                        CommitEvents events, CommitTableWrites tables) {
        return applyWrites(did, writes, swapCommit, key, events, tables, false);
    }

    /**
     * As {@link #applyWrites(Did, List, Cid, Keypair, CommitEvents, CommitTableWrites)}, and
     * waits until the commit is durable. The wait happens on the calling thread, which writes
     * the commit's group itself when no other group is being written (see {@link Sequencer}):
     * for a lone writer that spares two thread wake-ups per commit. Client errors are thrown as
     * they are; a failure of the store as a {@link StoreException}.
     */
    public AppliedCommit applyWritesAndWait(Did did, List<WriteOp> writes, Cid swapCommit, Keypair key,
                                            CommitEvents events, CommitTableWrites tables) {
        return await(applyWrites(did, writes, swapCommit, key, events, tables, true));
    }

    private CompletableFuture<AppliedCommit> applyWrites(Did did, List<WriteOp> writes, Cid swapCommit, Keypair key,
                                                         CommitEvents events, CommitTableWrites tables, boolean callerWaits) {
        Objects.requireNonNull(writes, "writes");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(tables, "tables");
        return write(did, false, swapCommit, callerWaits, (lane, state) -> {
            CommitResult r = repoAt(lane, state).applyWrites(writes, swapCommit, key, clock);
            // the old versions of the rewritten path would otherwise fill the cache, live heap that no read wants
            nodeCache.forget(r.removedCids());
            return new Built(CommitResults.toPrepared(r, events.of(r)), r, tables.of(r, state.blocks()));
        }).thenApply(w -> new AppliedCommit(w.result, w.seqs));
    }

    /**
     * Replaces the records of an existing repo with those of an export from another server (an
     * account moving here), as one commit signed with {@code key}: the export's tree and records
     * are stored, the records it lacks are deleted, and {@code tables} (blob references, say)
     * go into the same batch, with {@code events} (none for an account not yet active: it
     * announces itself when activated). {@code imported} holds the export's verified blocks.
     */
    public CompletableFuture<AppliedCommit> importRepo(Did did, Cid data, String importedRev, BlockSource imported,
                                                       Keypair key, CommitEvents events, CommitTableWrites tables) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(imported, "imported");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(tables, "tables");
        return write(did, false, null, false, (lane, state) -> {
            CommitResult r = repoAt(lane, state).importTree(data, importedRev, imported, key, clock, nodeCache);
            // the new tree reads from the export's blocks: not kept, so the export is not either
            return new Built(CommitResults.toPrepared(r, events.of(r)), r, tables.of(r, state.blocks()), false);
        }).thenApply(w -> new AppliedCommit(w.result, w.seqs));
    }

    /** The repo layer's view at the lane's head: the one kept from the last commit, else loaded. */
    private Repo repoAt(RepoLane lane, RepoState state) {
        Repo repo = lane.repo();
        return repo != null ? repo : Repo.load(state.blocks(), state.head().commit(), nodeCache);
    }

    /** Decoded MST nodes held in memory now (tests). */
    int cachedNodes() {
        return nodeCache.size();
    }

    /** Most decoded MST nodes kept. */
    public int nodeCacheCapacity() {
        return nodeCache.capacity();
    }

    /** A commit built under the repo's lock, and the repo layer's result when it built it. */
    private record Built(PreparedCommit commit, CommitResult result, TableWrites tables, boolean keepRepo) {
        Built(PreparedCommit commit, CommitResult result, TableWrites tables) {
            this(commit, result, tables, result != null);
        }
    }

    private interface Builder {
        Built build(RepoLane lane, RepoState state);
    }

    private record Written(CommitAck ack, CommitResult result, long[] seqs) {
    }

    private CompletableFuture<CommitAck> write(Did did, boolean create, Cid swapCommit, CommitPreparer preparer) {
        Objects.requireNonNull(preparer, "preparer");
        return write(did, create, swapCommit, false, (lane, state) -> new Built(preparer.prepare(state), null, TableWrites.create())).thenApply(Written::ack);
    }

    /** @param callerWaits the caller helps the sequencer (see {@link Sequencer#help}) once the repo's lock is released */
    private CompletableFuture<Written> write(Did did, boolean create, Cid swapCommit, boolean callerWaits, Builder builder) {
        CompletableFuture<Written> written = lockedWrite(did, create, swapCommit, callerWaits, builder);
        if (callerWaits) {
            sequencer.help();
        }
        return written;
    }

    private CompletableFuture<Written> lockedWrite(Did did, boolean create, Cid swapCommit, boolean callerWaits,
                                                   Builder builder) {
        Objects.requireNonNull(did, "did");
        RepoLane lane = lanes.acquire(did);
        try {
            lane.lock.lock();
            try {
                RepoHead current = lane.head(reader);
                if (create && current != null) {
                    throw XrpcException.badRequest("AlreadyExists", "repo already exists: " + did);
                }
                if (!create && current == null) {
                    throw XrpcException.badRequest("RepoNotFound", "could not find repo: " + did);
                }
                if (swapCommit != null && !swapCommit.equals(current.commit())) {
                    throw XrpcException.badRequest("InvalidSwap", "Commit was at " + current.commit());
                }
                int repoId = create ? sequencer.allocateRepoId() : current.repoId();
                Built built = builder.build(lane, new RepoState(current, lane.blocks(repoId, reader)));
                PreparedCommit commit = built.commit();
                if (current != null && commit.rev().compareTo(current.rev()) <= 0) {
                    throw new StoreException("rev " + commit.rev() + " does not follow " + current.rev());
                }
                RepoHead next = new RepoHead(did, repoId, commit.commit(), commit.data(), commit.rev());
                CommitPlanner.Plan plan = CommitPlanner.plan(next, commit, lane.blocks(repoId, reader),
                        cid -> lane.refCount(repoId, cid, reader));
                built.tables().addTo(plan.ops());
                Sequencer.Pending queued = enqueue(lane, current, next, plan, commit.events(), callerWaits);
                if (built.keepRepo()) {
                    lane.setRepo(built.result().repo());
                }
                return queued.done.thenApply(seqs -> new Written(new CommitAck(did, next.commit(), next.rev(), seqs), built.result(), seqs));
            } finally {
                lane.lock.unlock();
            }
        } finally {
            lanes.release(lane);
        }
    }

    private static <T> T await(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** Registers the pending effect before queuing: the sequencer may write it at once. */
    private Sequencer.Pending enqueue(RepoLane lane, RepoHead current, RepoHead next, CommitPlanner.Plan plan,
                                      List<EventSource> events, boolean callerWaits) {
        lane.pending.addLast(plan.pending());
        lane.setHead(next);
        Runnable written = () -> lanes.written(lane, plan.pending());
        try {
            return callerWaits ? sequencer.enqueue(plan.ops(), events, written) : sequencer.submit(plan.ops(), events, written);
        } catch (RuntimeException e) {
            lane.pending.remove(plan.pending());
            lane.setHead(current);
            throw e;
        }
    }

    /**
     * Deletes a repo and everything stored for it (blocks, records, counts) in one write, with
     * the given events (an {@code #account} event, for instance). RepoNotFound if absent.
     */
    public CompletableFuture<long[]> deleteRepo(Did did, List<EventSource> events) {
        return deleteRepo(did, TableWrites.create(), events);
    }

    /**
     * Deletes a repo as {@link #deleteRepo(Did, List)} does, with table changes in the same
     * atomic write (an account's rows, for instance), so no crash leaves one without the other.
     */
    public CompletableFuture<long[]> deleteRepo(Did did, TableWrites tables, List<EventSource> events) {
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(tables, "tables");
        RepoLane lane = lanes.acquire(did);
        try {
            lane.lock.lock();
            try {
                RepoHead current = lane.head(reader);
                if (current == null) {
                    throw XrpcException.badRequest("RepoNotFound", "could not find repo: " + did);
                }
                BatchOps ops = new BatchOps();
                ops.delete(ColumnFamily.REPOS, Keys.repo(did));
                byte[] from = Keys.repoPrefix(current.repoId());
                byte[] to = Keys.repoPrefixEnd(current.repoId());
                for (ColumnFamily cf : List.of(ColumnFamily.BLOCKS, ColumnFamily.RECORDS, ColumnFamily.RECORD_REFS)) {
                    ops.deleteRange(cf, from, to);
                }
                tables.addTo(ops);
                PendingCommit wipe = PendingCommit.wipe(current.repoId());
                lane.pending.addLast(wipe);
                lane.setHead(null);
                try {
                    return sequencer.submit(ops, events, () -> lanes.written(lane, wipe)).done;
                } catch (RuntimeException e) {
                    lane.pending.remove(wipe);
                    lane.setHead(current);
                    throw e;
                }
            } finally {
                lane.lock.unlock();
            }
        } finally {
            lanes.release(lane);
        }
    }

    /**
     * Writes table changes, with events if given, as one synced write ordered with the
     * commits; the future completes when they are durable (with the events' sequence numbers).
     */
    public CompletableFuture<long[]> writeTables(TableWrites writes, List<EventSource> events) {
        Objects.requireNonNull(writes, "writes");
        Objects.requireNonNull(events, "events");
        if (writes.isEmpty() && events.isEmpty()) {
            return CompletableFuture.completedFuture(new long[0]);
        }
        BatchOps ops = new BatchOps();
        writes.addTo(ops);
        return sequencer.submit(ops, events, () -> { }).done;
    }

    /** Logs events that belong to no commit (#identity, #account) at the next sequence numbers. */
    public CompletableFuture<long[]> logEvents(List<EventSource> events) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("no events to log");
        }
        return sequencer.submit(new BatchOps(), events, () -> { }).done;
    }

    /** The TID clock the store's commits take their revs from; record keys drawn from it sort with them. */
    public TidClock tids() {
        return clock;
    }

    // ---- reads (durable state)

    /** A value of a server table, as last made durable. */
    public Optional<byte[]> get(Table table, byte[] key) {
        return Optional.ofNullable(db.get(table.family(), Objects.requireNonNull(key, "key")));
    }

    /**
     * As {@link #get(Table, byte[])}, for a key that is almost always there (the session of a
     * valid token, a hosted account): one read where {@code get} checks the filters first, which
     * costs less only when the key is missing.
     */
    public Optional<byte[]> getUsuallyPresent(Table table, byte[] key) {
        return Optional.ofNullable(db.getPresent(table.family(), Objects.requireNonNull(key, "key")));
    }

    /**
     * Up to {@code limit} entries of a table whose keys start with {@code prefix}, in key order
     * (descending when asked), starting after {@code after} (exclusive; null for the first).
     */
    public List<TableEntry> scan(Table table, byte[] prefix, byte[] after, int limit, boolean descending) {
        Objects.requireNonNull(prefix, "prefix");
        if (limit < 1 || limit > 100_000) {
            throw new IllegalArgumentException("limit must be 1..100000");
        }
        return reader.scan(table.family(), prefix, after, limit, descending);
    }

    /** Reads of records: one, a page of a collection, or the collections of a repo. */
    public RecordReads records() {
        return records;
    }

    public Optional<RepoHead> head(Did did) {
        return Optional.ofNullable(reader.head(Objects.requireNonNull(did, "did")));
    }

    /** Hosted repos in DID order after {@code cursor} (exclusive; null for the first page). */
    public RepoPage listRepos(String cursor, int limit) {
        checkLimit(limit);
        if (cursor != null && !Did.isValid(cursor)) {
            throw XrpcException.invalidRequest("cursor is not a DID");
        }
        return reader.repos(cursor, limit);
    }

    /** The repo's current blocks, read live (for single lookups; use {@link #snapshot} to export). */
    public Optional<BlockSource> blocks(Did did) {
        return head(did).map(h -> reader.blocks(h.repoId()));
    }

    /** The repo frozen at its current commit; empty when there is no such repo. Close it. */
    public Optional<RepoSnapshot> snapshot(Did did) {
        Snapshot snap = db.raw().getSnapshot();
        ReadOptions read = new ReadOptions().setSnapshot(snap);
        RepoHead head = new StoreReader(db, read).head(did);
        if (head == null) {
            read.close();
            db.raw().releaseSnapshot(snap);
            return Optional.empty();
        }
        return Optional.of(new RepoSnapshot(db, snap, read, head));
    }

    /** The event log's pages, retention and erasure (its events are written with the commits). */
    public EventLog log() {
        return log;
    }

    /** Counters of the write path since the store opened. */
    public StoreStats stats() {
        return sequencer.stats();
    }

    /** RocksDB's memory limits as applied, and its use now. */
    public StoreMemory memory() {
        return db.memory();
    }

    /** Memtable flushes since the store opened, per column family. */
    public MemtableFlushes memtableFlushes() {
        return db.flushes();
    }

    static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw XrpcException.invalidRequest("limit must be between 1 and " + MAX_PAGE);
        }
    }

    /**
     * Why the store refuses writes, if it does: after a failed write (nothing later may land,
     * since later commits build on it, until a restart replays the log) or once closed.
     */
    public Optional<String> writeRefusal() {
        return Optional.ofNullable(sequencer.refusal());
    }

    /** Finishes queued writes, then flushes and releases RocksDB. */
    @Override
    public void close() {
        try {
            sequencer.close();
        } finally {
            db.close();
        }
    }
}
