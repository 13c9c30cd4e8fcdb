package dev.pds.core.car;

/** The unsigned LEB128 varints that prefix CAR sections (multiformats: minimal, at most 9 bytes). */
final class CarVarint {
    static final int MAX_BYTES = 9;

    private CarVarint() {
    }

    static int size(long value) {
        int n = 1;
        while ((value >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    /** Writes {@code value} into {@code buf} at {@code pos}; returns the position after it. */
    static int write(long value, byte[] buf, int pos) {
        while ((value & ~0x7fL) != 0) {
            buf[pos++] = (byte) ((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        buf[pos++] = (byte) value;
        return pos;
    }
}
