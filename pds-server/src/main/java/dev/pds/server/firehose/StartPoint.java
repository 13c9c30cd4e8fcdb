package dev.pds.server.firehose;

import dev.pds.core.events.ControlFrames;
import dev.pds.core.store.RepoStore;

/**
 * Where a new subscription starts, from its cursor and the log (spec: event-stream). No cursor:
 * the next event to come. A cursor at or below the last event: the event after it, or the oldest
 * kept (with an OutdatedCursor notice) when retention has dropped the ones in between (events
 * erased with a deleted account are just skipped). A cursor
 * past the last event: a FutureCursor error, and the stream ends.
 *
 * @param nextSeq      the first sequence number to send
 * @param outdated     whether to send the OutdatedCursor notice first
 * @param futureCursor whether to refuse the cursor with FutureCursor instead
 */
record StartPoint(long nextSeq, boolean outdated, boolean futureCursor) {
    static StartPoint of(Long cursor, RepoStore store) {
        long last = store.log().lastSeq();
        if (cursor == null) {
            return new StartPoint(last + 1, false, false);
        }
        if (cursor > last) {
            return new StartPoint(0, false, true);
        }
        // retention's mark, not the first logged event: an erased account's events leave holes, not a gap
        long oldest = store.log().retainedFrom();
        if (cursor + 1 < oldest) {
            return new StartPoint(oldest, true, false);
        }
        return new StartPoint(cursor + 1, false, false);
    }

    static final String OUTDATED_MESSAGE = "Requested cursor exceeded limit. Possibly missing events";

    static byte[] outdatedFrame() {
        return ControlFrames.info(ControlFrames.OUTDATED_CURSOR, OUTDATED_MESSAGE);
    }
}
