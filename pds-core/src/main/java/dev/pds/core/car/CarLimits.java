package dev.pds.core.car;

/**
 * Bounds on a CAR file read from untrusted input, checked before anything is allocated.
 *
 * @param maxHeaderBytes largest encoded header
 * @param maxBlockBytes  largest section (binary CID plus block bytes)
 * @param maxTotalBytes  largest whole file, length prefixes included
 * @param maxBlocks      most block sections
 */
public record CarLimits(int maxHeaderBytes, int maxBlockBytes, long maxTotalBytes, long maxBlocks) {
    /**
     * Sized for repository exports: records and MST nodes are far below 2 MiB (records are
     * limited to 1 MiB by the reference PDS), and 1 GiB and 10 million blocks hold repos of
     * millions of records while still bounding what one upload can make us read.
     */
    public static final CarLimits DEFAULT = new CarLimits(64 * 1024, 2 * 1024 * 1024, 1024L * 1024 * 1024, 10_000_000);

    public CarLimits {
        if (maxHeaderBytes <= 0 || maxBlockBytes <= 0 || maxTotalBytes <= 0 || maxBlocks < 0) {
            throw new IllegalArgumentException("CAR limits must be positive");
        }
        // sections live in one Java array, with room for the reader's buffer arithmetic
        if (maxBlockBytes > Integer.MAX_VALUE - 64 || maxHeaderBytes > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("CAR section limit too large for one array");
        }
    }

    public CarLimits withMaxHeaderBytes(int n) {
        return new CarLimits(n, maxBlockBytes, maxTotalBytes, maxBlocks);
    }

    public CarLimits withMaxBlockBytes(int n) {
        return new CarLimits(maxHeaderBytes, n, maxTotalBytes, maxBlocks);
    }

    public CarLimits withMaxTotalBytes(long n) {
        return new CarLimits(maxHeaderBytes, maxBlockBytes, n, maxBlocks);
    }

    public CarLimits withMaxBlocks(long n) {
        return new CarLimits(maxHeaderBytes, maxBlockBytes, maxTotalBytes, n);
    }
}
