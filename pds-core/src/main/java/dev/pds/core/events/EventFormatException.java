package dev.pds.core.events;

/** A firehose frame that does not follow the event-stream format or the subscribeRepos lexicon. */
public final class EventFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EventFormatException(String message) {
        super(message);
    }

    public EventFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
