package dev.pds.core.store;

/**
 * An index entry names a block the read did not find. Outside a snapshot this is a commit
 * landing between the two reads (it removed the block); at a snapshot it is damage.
 */
final class MissingBlockException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MissingBlockException(String message) {
        super(message);
    }
}
