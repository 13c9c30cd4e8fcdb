package dev.pds.server.firehose;

import dev.pds.core.block.Block;
import dev.pds.core.error.XrpcException;
import dev.pds.core.events.FirehoseEvents;
import dev.pds.core.store.RepoHead;
import dev.pds.core.store.RepoStore;
import dev.pds.core.store.StoreException;
import dev.pds.core.syntax.Did;

/**
 * Logs a {@code #sync} event announcing a repo's current commit, so consumers that lost track
 * of it (a broken chain, a restore, an account reactivated) fetch its state again. Best effort
 * against a concurrent commit: that commit's own event follows with a newer rev.
 */
public final class SyncAnnouncement {
    private SyncAnnouncement() {
    }

    /** Logs the event and returns its sequence number once durable; RepoNotFound when there is no repo. */
    public static long announce(RepoStore store, FirehoseEvents events, Did did) {
        RepoHead head = store.head(did)
                .orElseThrow(() -> XrpcException.badRequest("RepoNotFound", "could not find repo: " + did));
        byte[] commit = store.blocks(did).map(b -> b.get(head.commit())).orElse(null);
        if (commit == null) {
            throw new StoreException("repo " + did + " names commit " + head.commit() + ", which is missing");
        }
        return store.logEvents(java.util.List.of(events.sync(did, new Block(head.commit(), commit), head.rev()))).join()[0];
    }
}
