package dev.pds.core.lexicon;

/** A lexicon document that cannot be used: bad shape, unknown type, broken ref. A startup error, not a client's. */
public final class LexiconException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LexiconException(String message) {
        super(message);
    }

    public LexiconException(String message, Throwable cause) {
        super(message, cause);
    }
}
