package dev.pds.core.data;

/**
 * Bounds on untrusted input to a decoder.
 *
 * @param maxBytes    largest input accepted
 * @param maxDepth    deepest nesting of lists and maps (the top-level value is depth 1)
 * @param maxItems    most list elements plus map entries in the whole input
 */
public record DecodeLimits(int maxBytes, int maxDepth, int maxItems) {
    /**
     * Defaults sized for repository blocks and firehose frames (2,000,000 bytes of blocks plus
     * framing); nesting as deep as any real record and far below the Java stack's limit.
     */
    public static final DecodeLimits DEFAULT = new DecodeLimits(4 * 1024 * 1024, 64, 1_000_000);

    public DecodeLimits {
        if (maxBytes <= 0 || maxDepth <= 0 || maxItems < 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
        if (maxDepth > 512) {
            throw new IllegalArgumentException("maxDepth over 512 would risk the decoder's stack");
        }
    }

    public DecodeLimits withMaxBytes(int n) {
        return new DecodeLimits(n, maxDepth, maxItems);
    }

    public DecodeLimits withMaxDepth(int n) {
        return new DecodeLimits(maxBytes, n, maxItems);
    }

    public DecodeLimits withMaxItems(int n) {
        return new DecodeLimits(maxBytes, maxDepth, n);
    }
}
