package dev.pds.core.store;

import dev.pds.core.repo.CommitResult;
import java.util.List;

/**
 * The events to log with a commit, built from what the commit changed (the firehose's
 * {@code #commit} frame, for instance). Called on the writer's thread before the write is
 * queued; each returned source gets its sequence number later, on the sequencer thread.
 */
@FunctionalInterface
public interface CommitEvents {
    List<EventSource> of(CommitResult result);

    /** No events: for tools and benchmarks that keep no log. */
    CommitEvents NONE = result -> List.of();
}
