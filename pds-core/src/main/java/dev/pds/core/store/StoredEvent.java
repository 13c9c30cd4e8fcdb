package dev.pds.core.store;

/** One logged event: its sequence number and its frame bytes (not to be mutated). */
public record StoredEvent(long seq, byte[] frame) {
}
