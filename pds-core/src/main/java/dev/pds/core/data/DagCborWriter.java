package dev.pds.core.data;

import java.util.Arrays;
import java.util.List;

/** Writes canonical DAG-CBOR into a growing array: shortest heads, definite lengths, sorted keys. */
final class DagCborWriter {
    private byte[] buf;
    private int pos;

    DagCborWriter(int capacity) {
        buf = new byte[capacity];
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    void write(DataValue value) {
        if (value instanceof DataMap m) {
            writeMap(m);
        } else if (value instanceof DataString s) {
            writeString(s.value());
        } else if (value instanceof DataInt i) {
            writeInt(i.value());
        } else if (value instanceof DataLink l) {
            writeLink(l.cid());
        } else if (value instanceof DataList l) {
            List<DataValue> items = l.items();
            writeHead(4, items.size());
            for (int i = 0, n = items.size(); i < n; i++) {
                write(items.get(i));
            }
        } else if (value instanceof DataBytes b) {
            byte[] raw = b.raw();
            writeHead(2, raw.length);
            writeRaw(raw);
        } else if (value instanceof DataBool b) {
            ensure(1);
            buf[pos++] = (byte) (b.value() ? 0xf5 : 0xf4);
        } else if (value instanceof DataNull) {
            ensure(1);
            buf[pos++] = (byte) 0xf6;
        } else {
            throw new IllegalArgumentException("not a data model value: " + value);
        }
    }

    private void writeMap(DataMap m) {
        int n = m.size();
        writeHead(5, n);
        for (int i = 0; i < n; i++) {
            byte[] key = m.keyUtf8At(i);
            writeHead(3, key.length);
            writeRaw(key);
            write(m.valueAt(i));
        }
    }

    private void writeString(String s) {
        int len = Utf8.encodedLength(s);
        writeHead(3, len);
        ensure(len);
        if (len == s.length()) {
            // all ASCII: one char per byte
            for (int i = 0; i < len; i++) {
                buf[pos + i] = (byte) s.charAt(i);
            }
            pos += len;
        } else {
            pos = Utf8.encode(s, buf, pos);
        }
    }

    private void writeInt(long v) {
        if (v >= 0) {
            writeHead(0, v);
        } else {
            writeHead(1, -1 - v); // CBOR negative n means -1 - n
        }
    }

    private void writeLink(Cid cid) {
        byte[] raw = cid.rawBytes();
        ensure(2);
        buf[pos++] = (byte) 0xd8; // tag, one-byte argument
        buf[pos++] = 42;
        writeHead(2, raw.length + 1);
        ensure(1);
        buf[pos++] = 0; // multibase "identity" prefix that DAG-CBOR requires
        writeRaw(raw);
    }

    /** A CBOR head with the shortest argument form; {@code arg} is unsigned. */
    private void writeHead(int major, long arg) {
        ensure(9);
        int mt = major << 5;
        if (arg >= 0 && arg < 24) {
            buf[pos++] = (byte) (mt | arg);
        } else if (arg >= 0 && arg < 0x100) {
            buf[pos++] = (byte) (mt | 24);
            buf[pos++] = (byte) arg;
        } else if (arg >= 0 && arg < 0x10000) {
            buf[pos++] = (byte) (mt | 25);
            buf[pos++] = (byte) (arg >>> 8);
            buf[pos++] = (byte) arg;
        } else if (arg >= 0 && arg < 0x100000000L) {
            buf[pos++] = (byte) (mt | 26);
            buf[pos++] = (byte) (arg >>> 24);
            buf[pos++] = (byte) (arg >>> 16);
            buf[pos++] = (byte) (arg >>> 8);
            buf[pos++] = (byte) arg;
        } else {
            buf[pos++] = (byte) (mt | 27);
            for (int shift = 56; shift >= 0; shift -= 8) {
                buf[pos++] = (byte) (arg >>> shift);
            }
        }
    }

    private void writeRaw(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
    }

    private void ensure(int n) {
        if (buf.length - pos < n) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        }
    }
}
