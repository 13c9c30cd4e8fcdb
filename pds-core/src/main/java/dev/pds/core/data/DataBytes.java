package dev.pds.core.data;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Base64;

/** An immutable byte string; compared by content. */
public final class DataBytes implements DataValue {
    private final byte[] bytes;

    /** Copies {@code bytes}. */
    public DataBytes(byte[] bytes) {
        this.bytes = bytes.clone();
    }

    private DataBytes(byte[] bytes, boolean owned) {
        this.bytes = bytes;
    }

    /** Wraps an array nobody else holds (the decoder's fresh copies), without copying it again. */
    static DataBytes wrap(byte[] owned) {
        return new DataBytes(owned, true);
    }

    public int length() {
        return bytes.length;
    }

    /** A copy of the bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(bytes);
    }

    byte[] raw() {
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataBytes && Arrays.equals(bytes, ((DataBytes) o).bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "DataBytes[" + Base64.getEncoder().withoutPadding().encodeToString(bytes) + "]";
    }
}
