package dev.pds.core.store;

import java.util.Arrays;

/**
 * The value of a {@link ColumnFamily#BLOCKS} entry: the block's bytes, then the rev (ASCII TID)
 * of the commit that added the block, then the rev's length in one byte. Keeping the rev in the
 * block's own value, not under a key of its own, halves the keys a commit writes and deletes;
 * {@code getRepo} with {@code since} reads it back from the end.
 */
final class BlockValue {
    /** Longest rev a value can carry; a TID has 13 characters. */
    static final int MAX_REV_BYTES = 127;

    private BlockValue() {
    }

    static byte[] of(byte[] block, byte[] rev) {
        if (rev.length > MAX_REV_BYTES) {
            throw new StoreException("rev of " + rev.length + " bytes is longer than a block value holds");
        }
        byte[] v = Arrays.copyOf(block, block.length + rev.length + 1);
        System.arraycopy(rev, 0, v, block.length, rev.length);
        v[v.length - 1] = (byte) rev.length;
        return v;
    }

    /** The block's bytes of a stored value, or null for null. */
    static byte[] block(byte[] value) {
        return value == null ? null : Arrays.copyOf(value, blockLength(value));
    }

    /** How many of the value's leading bytes are the block. */
    static int blockLength(byte[] value) {
        int revLength = value.length == 0 ? -1 : value[value.length - 1];
        if (revLength < 0 || revLength > value.length - 1) {
            throw new StoreException("malformed block value of " + value.length + " bytes");
        }
        return value.length - 1 - revLength;
    }

    /** The rev (a TID) of the commit that added the block. */
    static String rev(byte[] value) {
        int start = blockLength(value);
        return new String(value, start, value.length - 1 - start, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Whether the value's rev is after {@code since} (ASCII TIDs: byte order is time order). */
    static boolean newerThan(byte[] value, byte[] since) {
        int end = value.length - 1;
        return Arrays.compareUnsigned(value, blockLength(value), end, since, 0, since.length) > 0;
    }
}
