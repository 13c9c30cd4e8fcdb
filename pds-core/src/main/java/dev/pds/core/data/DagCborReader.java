package dev.pds.core.data;

import java.util.ArrayList;
import java.util.Arrays;

/**
 * Strict DAG-CBOR decoder for untrusted bytes: anything that is not the one canonical encoding
 * of a data model value is refused with the offset and the rule it breaks.
 */
final class DagCborReader {
    private final byte[] buf;
    private final int limit;
    private final DecodeLimits limits;
    private int pos;
    private long items;

    DagCborReader(byte[] buf, int offset, int limit, DecodeLimits limits) {
        this.buf = buf;
        this.pos = offset;
        this.limit = limit;
        this.limits = limits;
    }

    DagCbor.Decoded readTop() {
        DataValue v = read(1);
        return new DagCbor.Decoded(v, pos);
    }

    private DataValue read(int depth) {
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
                return new DataInt(n);
            }
            case 1: {
                long n = argument(info, start);
                if (n < 0) {
                    throw error(start, "integer is smaller than -2^63");
                }
                return new DataInt(-1 - n);
            }
            case 2: {
                int len = length(info, start);
                byte[] b = Arrays.copyOfRange(buf, pos, pos + len);
                pos += len;
                return DataBytes.wrap(b);
            }
            case 3:
                return new DataString(string(info, start));
            case 4:
                return list(info, start, depth);
            case 5:
                return map(info, start, depth);
            case 6:
                return link(info, start);
            default:
                return simple(info, start);
        }
    }

    private DataList list(int info, int start, int depth) {
        checkDepth(depth, start);
        int n = length(info, start);
        countItems(n, start);
        if (n == 0) {
            return DataList.EMPTY;
        }
        ArrayList<DataValue> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            items.add(read(depth + 1));
        }
        return new DataList(items);
    }

    private DataMap map(int info, int start, int depth) {
        checkDepth(depth, start);
        int n = length(info, start);
        countItems(n, start);
        if (n == 0) {
            return DataMap.EMPTY;
        }
        String[] keys = new String[n];
        byte[][] keyUtf8 = new byte[n][];
        DataValue[] values = new DataValue[n];
        for (int i = 0; i < n; i++) {
            int keyStart = pos;
            int head = next();
            if (head >>> 5 != 3) {
                throw error(keyStart, "map key is not a string (major type " + (head >>> 5) + ")");
            }
            int len = length(head & 31, keyStart);
            byte[] key = Arrays.copyOfRange(buf, pos, pos + len);
            if (i > 0) {
                int c = DataMap.compareKeys(keyUtf8[i - 1], key);
                if (c == 0) {
                    throw error(keyStart, "duplicate map key \"" + keys[i - 1] + "\"");
                }
                if (c > 0) {
                    throw error(keyStart, "map keys are not in canonical order (length, then bytes)");
                }
            }
            String k = Utf8.decode(buf, pos, len);
            if (k == null) {
                throw error(keyStart, "map key is not valid UTF-8");
            }
            pos += len;
            keys[i] = k;
            keyUtf8[i] = key;
            values[i] = read(depth + 1);
        }
        return new DataMap(keys, keyUtf8, values);
    }

    private DataLink link(int info, int start) {
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
        pos += len;
        return new DataLink(cid);
    }

    private DataValue simple(int info, int start) {
        switch (info) {
            case 20:
                return DataBool.FALSE;
            case 21:
                return DataBool.TRUE;
            case 22:
                return DataNull.INSTANCE;
            case 23:
                throw error(start, "CBOR undefined is not allowed");
            case 25:
            case 26:
            case 27:
                throw error(start, "floating point numbers are not allowed in the data model");
            case 31:
                throw error(start, "unexpected CBOR break (indefinite lengths are not allowed)");
            default:
                throw error(start, "CBOR simple value " + (info == 24 ? "(one-byte)" : info) + " is not allowed");
        }
    }

    private String string(int info, int start) {
        int len = length(info, start);
        String s = Utf8.decode(buf, pos, len);
        if (s == null) {
            throw error(start, "text string is not valid UTF-8");
        }
        pos += len;
        return s;
    }

    /** A length argument that must also fit in the remaining input. */
    private int length(int info, int start) {
        long n = argument(info, start);
        if (n < 0 || n > limit - pos) {
            throw error(start, "length " + Long.toUnsignedString(n) + " runs past the end of the input");
        }
        return (int) n;
    }

    /**
     * The head's argument in its shortest form; unsigned 64-bit values above 2^63-1 come back
     * negative for the caller to refuse.
     */
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
