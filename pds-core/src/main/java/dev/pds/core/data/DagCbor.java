package dev.pds.core.data;

import java.util.List;

/**
 * DAG-CBOR, the canonical binary form of the data model. Written by hand rather than on Jackson's
 * CBOR module: its generator is not canonical for every value and its parser cannot see
 * non-canonical input (docs/DATA-MODEL.md, "DAG-CBOR").
 */
public final class DagCbor {
    private DagCbor() {
    }

    /** The canonical encoding of {@code value}. */
    public static byte[] encode(DataValue value) {
        DagCborWriter w = new DagCborWriter(256);
        w.write(value);
        return w.toByteArray();
    }

    /**
     * The canonical encodings of {@code values} back to back in one array, as a firehose frame
     * (header, then body) needs them, without a copy per value.
     */
    public static byte[] encodeSequence(DataValue... values) {
        return encodeSequence(512, List.of(values));
    }

    /**
     * As {@link #encodeSequence(DataValue...)}, starting with room for {@code capacity} bytes:
     * a caller that knows roughly how large the values are (a CAR of a few kilobytes in an
     * event) spares the array its regrowths.
     */
    public static byte[] encodeSequence(int capacity, List<DataValue> values) {
        DagCborWriter w = new DagCborWriter(Math.max(16, capacity));
        for (DataValue v : values) {
            w.write(v);
        }
        return w.toByteArray();
    }

    /** The CID of the canonical encoding of {@code value}. */
    public static Cid cidOf(DataValue value) {
        return Cid.ofDagCbor(encode(value));
    }

    /** Decodes one complete value under {@link DecodeLimits#DEFAULT}, refusing anything non-canonical. */
    public static DataValue decode(byte[] bytes) {
        return decode(bytes, DecodeLimits.DEFAULT);
    }

    public static DataValue decode(byte[] bytes, DecodeLimits limits) {
        return decode(bytes, 0, bytes.length, limits);
    }

    /** Decodes exactly the {@code length} bytes at {@code offset}: trailing bytes are an error. */
    public static DataValue decode(byte[] buf, int offset, int length, DecodeLimits limits) {
        Decoded d = decodeFirst(buf, offset, offset + length, limits);
        if (d.end() != offset + length) {
            throw new DataModelException("trailing bytes after DAG-CBOR value: " + (offset + length - d.end()));
        }
        return d.value();
    }

    /**
     * Decodes the first value starting at {@code offset}, reading no further than {@code limit};
     * for inputs holding several values back to back (firehose frames: header, then body).
     */
    public static Decoded decodeFirst(byte[] buf, int offset, int limit, DecodeLimits limits) {
        if (offset < 0 || limit > buf.length || offset > limit) {
            throw new IndexOutOfBoundsException("offset " + offset + ", limit " + limit + ", length " + buf.length);
        }
        if (limit - offset > limits.maxBytes()) {
            throw new DataModelException("DAG-CBOR input of " + (limit - offset) + " bytes is over the limit of " + limits.maxBytes());
        }
        return new DagCborReader(buf, offset, limit, limits).readTop();
    }

    /** A decoded value and the offset just past its encoding. */
    public record Decoded(DataValue value, int end) {
    }
}
