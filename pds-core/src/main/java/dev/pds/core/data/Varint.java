package dev.pds.core.data;

/** Unsigned LEB128 varints as multiformats use them: minimal, at most 9 bytes (63 bits). */
public final class Varint {
    /** The longest varint multiformats allow (63 bits). */
    public static final int MAX_BYTES = 9;

    private Varint() {
    }

    public static int size(long value) {
        int n = 1;
        while ((value >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    /** Writes {@code value} into {@code buf} at {@code pos}; returns the position after it. */
    public static int write(long value, byte[] buf, int pos) {
        while ((value & ~0x7fL) != 0) {
            buf[pos++] = (byte) ((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        buf[pos++] = (byte) value;
        return pos;
    }

    /** Reads successive varints from a buffer, refusing overlong, oversized and truncated ones. */
    static final class Reader {
        private final byte[] buf;
        private final int limit;
        private final String what;
        private int pos;

        Reader(byte[] buf, int pos, int limit, String what) {
            this.buf = buf;
            this.pos = pos;
            this.limit = limit;
            this.what = what;
        }

        long next() {
            long value = 0;
            for (int i = 0; i < MAX_BYTES; i++) {
                if (pos >= limit) {
                    throw new DataModelException(what + " is truncated (inside a varint)");
                }
                int b = buf[pos++] & 0xff;
                value |= (long) (b & 0x7f) << (7 * i);
                if ((b & 0x80) == 0) {
                    if (b == 0 && i > 0) {
                        throw new DataModelException(what + " has a varint that is not minimally encoded");
                    }
                    return value;
                }
            }
            throw new DataModelException(what + " has a varint longer than 9 bytes");
        }

        int position() {
            return pos;
        }
    }
}
