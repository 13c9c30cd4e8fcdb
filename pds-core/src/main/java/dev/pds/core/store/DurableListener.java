package dev.pds.core.store;

/**
 * Told after each durable group write, on the sequencer thread, with the range of sequence
 * numbers it holds (the firehose's cue to send them). Must be quick and must not block.
 */
@FunctionalInterface
public interface DurableListener {
    void durable(long firstSeq, long lastSeq);
}
