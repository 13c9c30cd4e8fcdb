package dev.pds.core.events;

import dev.pds.core.data.DataString;
import dev.pds.core.store.RepoStore;
import dev.pds.core.store.StoredEvent;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Applies an {@link EventRetention} to a store's event log. Events are logged in time order, so
 * the first event young enough to keep is found by binary search over sequence numbers, reading
 * the {@code time} of about log2(n) frames; everything below it goes in one range delete.
 */
public final class EventPruner {
    private final RepoStore store;
    private final EventRetention retention;

    public EventPruner(RepoStore store, EventRetention retention) {
        this.store = Objects.requireNonNull(store, "store");
        this.retention = Objects.requireNonNull(retention, "retention");
    }

    /** Deletes the events the retention no longer keeps at {@code now}; returns how many sequence numbers it dropped. */
    public long prune(Instant now) {
        OptionalLong firstKept = store.log().firstEventSeq();
        if (firstKept.isEmpty()) {
            return 0;
        }
        long first = firstKept.getAsLong();
        long last = store.log().lastSeq();
        long keepFrom = first;
        if (last - first + 1 > retention.maxCount()) {
            keepFrom = last - retention.maxCount() + 1;
        }
        keepFrom = Math.max(keepFrom, firstAtOrAfter(now.minus(retention.maxAge()), keepFrom, last));
        if (keepFrom <= first) {
            return 0;
        }
        store.log().deleteEventsBefore(keepFrom);
        return keepFrom - first;
    }

    /** The lowest seq in [lo, last] whose event is not older than {@code cutoff}; last + 1 when all are. */
    long firstAtOrAfter(Instant cutoff, long lo, long last) {
        long hi = last + 1;
        while (lo < hi) {
            long mid = lo + (hi - lo) / 2;
            List<StoredEvent> at = store.log().events(mid - 1, 1, 1);
            if (at.isEmpty()) {
                hi = mid;
                continue;
            }
            StoredEvent e = at.get(0);
            Instant t = timeOf(e.frame());
            if (t == null || !t.isBefore(cutoff)) {
                hi = mid;
            } else {
                // no event between mid and e.seq, and e itself is too old
                lo = e.seq() + 1;
            }
        }
        return lo;
    }

    /** The frame's {@code time}, or null when it has none that parses (such a frame is kept). */
    static Instant timeOf(byte[] frame) {
        try {
            FrameDecoder.RawFrame raw = FrameDecoder.decodeRaw(frame);
            return raw.body().get("time") instanceof DataString s ? EventClock.parse(s.value()) : null;
        } catch (EventFormatException e) {
            return null;
        }
    }
}
