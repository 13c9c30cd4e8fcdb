package dev.pds.server.lexicon;

/** A lexicon document we ship or were given is malformed; this is a startup failure, not a client error. */
public final class LexiconException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LexiconException(String message) {
        super(message);
    }

    public LexiconException(String message, Throwable cause) {
        super(message, cause);
    }
}
