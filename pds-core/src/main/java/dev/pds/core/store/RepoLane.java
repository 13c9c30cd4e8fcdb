package dev.pds.core.store;

import dev.pds.core.block.BlockSource;
import dev.pds.core.data.Cid;
import dev.pds.core.repo.Repo;
import dev.pds.core.syntax.Did;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The write side of one repo: the lock that serializes its commits, the head of its latest
 * accepted commit, and the accepted commits still waiting for their sync (newest last). The
 * sequencer removes a pending commit only after writing it, so a reader finds every block
 * either here or in the database.
 */
final class RepoLane {
    final Did did;
    final ReentrantLock lock = new ReentrantLock();
    final ConcurrentLinkedDeque<PendingCommit> pending = new ConcurrentLinkedDeque<>();
    /** Writers holding or waiting for this lane; guarded by the lanes map. */
    int users;
    private boolean headLoaded;
    private RepoHead head;
    /** The repo layer's view at {@link #head}, kept so that the next commit need not reload it. */
    private Repo repo;

    RepoLane(Did did) {
        this.did = did;
    }

    /** The latest accepted head; call with {@link #lock} held. */
    RepoHead head(StoreReader reader) {
        if (!headLoaded) {
            head = reader.head(did);
            headLoaded = true;
        }
        return head;
    }

    void setHead(RepoHead head) {
        this.head = head;
        this.headLoaded = true;
        this.repo = null;
    }

    /** The loaded repo at the current head, or null; call with {@link #lock} held. */
    Repo repo() {
        return repo != null && head != null && repo.head().equals(head.commit()) ? repo : null;
    }

    void setRepo(Repo repo) {
        this.repo = repo;
    }

    /** Blocks of repo {@code repoId}: pending commits newest first, then the database. */
    BlockSource blocks(int repoId, StoreReader reader) {
        BlockSource durable = reader.blocks(repoId);
        return cid -> {
            for (Iterator<PendingCommit> it = pending.descendingIterator(); it.hasNext(); ) {
                PendingCommit p = it.next();
                if (p.repoId != repoId) {
                    continue;
                }
                if (p.deleted.contains(cid)) {
                    return null;
                }
                byte[] b = p.blocks.get(cid);
                if (b != null) {
                    return b;
                }
            }
            return durable.get(cid);
        };
    }

    /** How many records of repo {@code repoId} use block {@code cid}, counting pending commits. */
    int refCount(int repoId, Cid cid, StoreReader reader) {
        for (Iterator<PendingCommit> it = pending.descendingIterator(); it.hasNext(); ) {
            PendingCommit p = it.next();
            if (p.repoId == repoId) {
                Integer n = p.refCounts.get(cid);
                if (n != null) {
                    return n;
                }
            }
        }
        return reader.refCount(repoId, cid);
    }
}
