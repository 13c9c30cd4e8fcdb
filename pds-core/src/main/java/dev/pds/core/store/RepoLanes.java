package dev.pds.core.store;

import dev.pds.core.syntax.Did;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lanes of the repos being written. A lane lives while a writer holds it or a commit of
 * its repo waits for its sync, so memory follows the active repos, not all of them.
 */
final class RepoLanes {
    private final ConcurrentHashMap<Did, RepoLane> lanes = new ConcurrentHashMap<>();

    RepoLane acquire(Did did) {
        return lanes.compute(did, (k, lane) -> {
            RepoLane l = lane == null ? new RepoLane(k) : lane;
            l.users++;
            return l;
        });
    }

    void release(RepoLane lane) {
        lanes.computeIfPresent(lane.did, (k, l) -> {
            l.users--;
            return l.users == 0 && l.pending.isEmpty() ? null : l;
        });
    }

    /** Called by the sequencer after a pending commit is in the database. */
    void written(RepoLane lane, PendingCommit commit) {
        lane.pending.remove(commit);
        lanes.computeIfPresent(lane.did, (k, l) -> l.users == 0 && l.pending.isEmpty() ? null : l);
    }

    int size() {
        return lanes.size();
    }
}
