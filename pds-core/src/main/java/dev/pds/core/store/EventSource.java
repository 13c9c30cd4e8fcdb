package dev.pds.core.store;

/**
 * Produces the bytes of one event once its sequence number is known (the frame contains it).
 * Called on the sequencer thread while the write is being assembled, so it must be quick and
 * must not fail: a failure stops the store, because later commits may build on this one.
 */
@FunctionalInterface
public interface EventSource {
    byte[] frame(long seq);
}
