package dev.pds.core.store;

/**
 * The store itself failed (disk, RocksDB, a damaged value): our fault, never the client's.
 * After a failed durable write the store refuses further writes, because later commits may
 * have been built on the lost one.
 */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
