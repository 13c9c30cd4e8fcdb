package dev.pds.server.xrpc;

/**
 * The heap that large in-memory request bodies may hold while their calls run. A JSON body
 * becomes a parsed tree, records, CBOR blocks, a CAR and a firehose frame before its commit is
 * durable, several times its own size; sixteen concurrent 1 MB applyWrites calls exhausted a
 * 64 MB heap (docs/BENCHMARKS.md, session 7), and a store whose group write fails refuses
 * further writes. So each call with a body over {@link #SMALL_BODY} reserves
 * {@link #AMPLIFICATION} times its size first, and is answered 503 NotEnoughResources when the
 * budget is taken; one call alone is always admitted, however large (the body limit bounds it).
 * Small bodies, nearly every call, are not counted. Thread-safe.
 */
public final class RequestMemory {
    /** Bodies up to this size are not counted. */
    static final long SMALL_BODY = 64 * 1024;
    /** Heap a call holds per byte of its body, at most (measured: about 6 for applyWrites). */
    static final long AMPLIFICATION = 8;

    private final long budgetBytes;
    private long reserved;

    public RequestMemory(long budgetBytes) {
        if (budgetBytes < 1) {
            throw new IllegalArgumentException("budgetBytes must be positive");
        }
        this.budgetBytes = budgetBytes;
    }

    /** A quarter of a heap of {@code maxHeapBytes}. */
    public static RequestMemory forHeap(long maxHeapBytes) {
        return new RequestMemory(Math.max(SMALL_BODY * AMPLIFICATION, maxHeapBytes / 4));
    }

    public long budgetBytes() {
        return budgetBytes;
    }

    /**
     * Reserves room for a call whose in-memory body is {@code bodyBytes} long: answers the
     * bytes reserved (0 for a small body), to give back through {@link #release}, or -1 when
     * the budget is taken.
     */
    public long tryReserve(long bodyBytes) {
        if (bodyBytes <= SMALL_BODY) {
            return 0;
        }
        long want = bodyBytes * AMPLIFICATION;
        synchronized (this) {
            if (reserved > 0 && reserved + want > budgetBytes) {
                return -1;
            }
            reserved += want;
            return want;
        }
    }

    public synchronized void release(long bytes) {
        if (bytes < 0 || bytes > reserved) {
            throw new IllegalArgumentException("releasing " + bytes + " of " + reserved + " reserved");
        }
        reserved -= bytes;
    }

    /** Bytes reserved now. */
    public synchronized long reserved() {
        return reserved;
    }
}
