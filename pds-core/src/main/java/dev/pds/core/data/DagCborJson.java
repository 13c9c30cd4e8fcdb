package dev.pds.core.data;

import java.util.Arrays;

/**
 * DAG-CBOR to the data model's JSON form in one pass, with no value tree in between: what
 * {@code DataJson.write(DagCbor.decode(bytes))} produces, byte for byte, for a fraction of the
 * work (record reads render every stored record this way). It refuses exactly what
 * {@link DagCbor#decode} refuses: non-canonical encodings, invalid UTF-8, tags other than 42,
 * floats, and input past the {@link DecodeLimits}.
 */
public final class DagCborJson {
    private final byte[] buf;
    private final int limit;
    private final DecodeLimits limits;
    private final JsonText out;
    private int pos;
    private long items;

    private DagCborJson(byte[] buf, int offset, int limit, DecodeLimits limits, JsonText out) {
        this.buf = buf;
        this.pos = offset;
        this.limit = limit;
        this.limits = limits;
        this.out = out;
    }

    /** Appends the JSON form of the one DAG-CBOR value {@code cbor} holds to {@code out}. */
    public static void write(byte[] cbor, JsonText out) {
        write(cbor, DecodeLimits.DEFAULT, out);
    }

    public static void write(byte[] cbor, DecodeLimits limits, JsonText out) {
        if (cbor.length > limits.maxBytes()) {
            throw new DataModelException("DAG-CBOR input of " + cbor.length + " bytes is over the limit of " + limits.maxBytes());
        }
        DagCborJson t = new DagCborJson(cbor, 0, cbor.length, limits, out);
        t.value(1);
        if (t.pos != cbor.length) {
            throw new DataModelException("trailing bytes after DAG-CBOR value: " + (cbor.length - t.pos));
        }
    }

    /** The JSON text of {@code cbor}, as UTF-8 bytes. */
    public static byte[] toJson(byte[] cbor) {
        JsonText out = new JsonText(cbor.length * 2 + 16);
        write(cbor, out);
        return out.toByteArray();
    }

    private void value(int depth) {
        int start = pos;
        int initial = next();
        int major = initial >>> 5;
        int info = initial & 31;
        switch (major) {
            case 0: {
                long n = argument(info, start);
                if (n < 0) {
                    throw error(start, "integer is larger than 2^63-1");
                }
                out.number(n);
                return;
            }
            case 1: {
                long n = argument(info, start);
                if (n < 0) {
                    throw error(start, "integer is smaller than -2^63");
                }
                out.number(-1 - n);
                return;
            }
            case 2: {
                int len = length(info, start);
                out.raw("{\"$bytes\":").base64String(buf, pos, len).raw('}');
                pos += len;
                return;
            }
            case 3: {
                int len = length(info, start);
                if (!Utf8.isValid(buf, pos, len)) {
                    throw error(start, "text string is not valid UTF-8");
                }
                out.utf8String(buf, pos, len);
                pos += len;
                return;
            }
            case 4:
                list(info, start, depth);
                return;
            case 5:
                map(info, start, depth);
                return;
            case 6:
                link(info, start);
                return;
            default:
                simple(info, start);
        }
    }

    private void list(int info, int start, int depth) {
        checkDepth(depth, start);
        int n = length(info, start);
        countItems(n, start);
        out.raw('[');
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.raw(',');
            }
            value(depth + 1);
        }
        out.raw(']');
    }

    private void map(int info, int start, int depth) {
        checkDepth(depth, start);
        int n = length(info, start);
        countItems(n, start);
        out.raw('{');
        int prevKey = -1;
        int prevLen = 0;
        for (int i = 0; i < n; i++) {
            int keyStart = pos;
            int head = next();
            if (head >>> 5 != 3) {
                throw error(keyStart, "map key is not a string (major type " + (head >>> 5) + ")");
            }
            int len = length(head & 31, keyStart);
            if (i > 0) {
                int c = prevLen != len ? (prevLen < len ? -1 : 1)
                        : Arrays.compareUnsigned(buf, prevKey, prevKey + prevLen, buf, pos, pos + len);
                if (c == 0) {
                    throw error(keyStart, "duplicate map key \"" + Utf8.decode(buf, pos, len) + "\"");
                }
                if (c > 0) {
                    throw error(keyStart, "map keys are not in canonical order (length, then bytes)");
                }
                out.raw(',');
            }
            if (!Utf8.isValid(buf, pos, len)) {
                throw error(keyStart, "map key is not valid UTF-8");
            }
            out.utf8String(buf, pos, len).raw(':');
            prevKey = pos;
            prevLen = len;
            pos += len;
            value(depth + 1);
        }
        out.raw('}');
    }

    private void link(int info, int start) {
        long tag = argument(info, start);
        if (tag != 42) {
            throw error(start, "CBOR tag " + tag + " is not allowed (only 42, CID link)");
        }
        int bytesStart = pos;
        int head = next();
        if (head >>> 5 != 2) {
            throw error(bytesStart, "tag 42 must wrap a byte string (found major type " + (head >>> 5) + ")");
        }
        int len = length(head & 31, bytesStart);
        if (len == 0 || buf[pos] != 0) {
            throw error(bytesStart, "tag 42 byte string must start with the 0x00 multibase prefix");
        }
        Cid cid;
        try {
            cid = Cid.read(buf, pos + 1, pos + len);
        } catch (DataModelException e) {
            throw error(bytesStart, "tag 42 holds an invalid CID: " + e.getMessage());
        }
        if (cid.byteLength() != len - 1) {
            throw error(bytesStart, "tag 42 byte string has bytes after the CID");
        }
        out.raw("{\"$link\":").cidString(buf, pos + 1, len - 1).raw('}');
        pos += len;
    }

    private void simple(int info, int start) {
        switch (info) {
            case 20 -> out.raw("false");
            case 21 -> out.raw("true");
            case 22 -> out.raw("null");
            case 23 -> throw error(start, "CBOR undefined is not allowed");
            case 25, 26, 27 -> throw error(start, "floating point numbers are not allowed in the data model");
            case 31 -> throw error(start, "unexpected CBOR break (indefinite lengths are not allowed)");
            default -> throw error(start, "CBOR simple value " + (info == 24 ? "(one-byte)" : info) + " is not allowed");
        }
    }

    /** A length argument that must also fit in the remaining input. */
    private int length(int info, int start) {
        long n = argument(info, start);
        if (n < 0 || n > limit - pos) {
            throw error(start, "length " + Long.toUnsignedString(n) + " runs past the end of the input");
        }
        return (int) n;
    }

    /** The head's argument in its shortest form; above 2^63-1 it comes back negative. */
    private long argument(int info, int start) {
        if (info < 24) {
            return info;
        }
        long v;
        switch (info) {
            case 24:
                v = next();
                if (v < 24) {
                    throw nonShortest(start);
                }
                return v;
            case 25:
                v = ((long) next() << 8) | next();
                if (v < 0x100) {
                    throw nonShortest(start);
                }
                return v;
            case 26:
                v = ((long) next() << 24) | ((long) next() << 16) | ((long) next() << 8) | next();
                if (v < 0x10000) {
                    throw nonShortest(start);
                }
                return v;
            case 27:
                v = 0;
                for (int i = 0; i < 8; i++) {
                    v = (v << 8) | next();
                }
                if (v >= 0 && v < 0x100000000L) {
                    throw nonShortest(start);
                }
                return v;
            case 31:
                throw error(start, "indefinite-length items are not allowed");
            default:
                throw error(start, "reserved CBOR additional information " + info);
        }
    }

    private int next() {
        if (pos >= limit) {
            throw new DataModelException("DAG-CBOR input is truncated at offset " + pos);
        }
        return buf[pos++] & 0xff;
    }

    private void checkDepth(int depth, int start) {
        if (depth > limits.maxDepth()) {
            throw error(start, "nesting deeper than the limit of " + limits.maxDepth());
        }
    }

    private void countItems(int n, int start) {
        items += n;
        if (items > limits.maxItems()) {
            throw error(start, "more than the limit of " + limits.maxItems() + " list and map items");
        }
    }

    private DataModelException nonShortest(int start) {
        return error(start, "integer or length is not in its shortest form");
    }

    private static DataModelException error(int offset, String message) {
        return new DataModelException("invalid DAG-CBOR at offset " + offset + ": " + message);
    }
}
