package dev.pds.core.store;

import java.util.List;

/**
 * Told after each durable group write, on the writing thread, with the events it logged, in
 * sequence order (the firehose's cue to send them, with their frames, so it need not read them
 * back). Must be quick and must not block. The list is not empty and is not to be changed.
 */
@FunctionalInterface
public interface DurableListener {
    void durable(List<StoredEvent> events);
}
