package dev.pds.core.sync;

import dev.pds.core.data.Cid;
import dev.pds.core.data.DataModelException;

/**
 * The links of a stored MST node read straight from its bytes, for exports from our own store:
 * no DataValue tree, no key strings, no re-hashing. It accepts only the exact canonical layout
 * {@code {e: [{k, p, t, v}, ...], l}} that our encoder writes; anything else means the store is
 * damaged, which is our fault, not the client's.
 */
final class NodeLinks {
    /** Receives a node's links in encoding order. */
    interface Sink {
        /** One entry: its record and the subtree to its right (null when none). */
        void entry(Cid record, Cid right);

        /** The subtree left of every entry (null when none); called after the entries. */
        void left(Cid left);
    }

    private final Cid cid;
    private final byte[] b;
    private int pos;

    private NodeLinks(Cid cid, byte[] bytes) {
        this.cid = cid;
        this.b = bytes;
    }

    static void read(Cid cid, byte[] bytes, Sink sink) {
        try {
            new NodeLinks(cid, bytes).read(sink);
        } catch (IndexOutOfBoundsException | DataModelException e) {
            throw new IllegalStateException("stored MST node " + cid + " is damaged: " + e.getMessage(), e);
        }
    }

    private void read(Sink sink) {
        expect(0xa2);
        key('e');
        long n = header(4);
        for (long i = 0; i < n; i++) {
            expect(0xa4);
            key('k');
            int keyLength = (int) header(2); // not `pos += header(..)`: that reads pos before the call moves it
            pos += keyLength;
            key('p');
            header(0);
            key('t');
            Cid right = linkOrNull();
            key('v');
            Cid record = linkOrNull();
            if (record == null) {
                throw fail("entry " + i + " has no record link");
            }
            sink.entry(record, right);
        }
        key('l');
        sink.left(linkOrNull());
        if (pos != b.length) {
            throw fail("trailing bytes");
        }
    }

    private Cid linkOrNull() {
        if ((b[pos] & 0xff) == 0xf6) {
            pos++;
            return null;
        }
        expect(0xd8);
        expect(0x2a);
        int len = (int) header(2);
        expect(0x00);
        Cid c = Cid.read(b, pos, pos + len - 1);
        pos += len - 1;
        return c;
    }

    private void key(char k) {
        expect(0x61);
        expect(k);
    }

    private void expect(int v) {
        if ((b[pos] & 0xff) != v) {
            throw fail("unexpected byte 0x" + Integer.toHexString(b[pos] & 0xff) + " at " + pos);
        }
        pos++;
    }

    /** A CBOR head of major type {@code major}; returns its argument. */
    private long header(int major) {
        int first = b[pos++] & 0xff;
        if (first >>> 5 != major) {
            throw fail("expected CBOR major type " + major + " at " + (pos - 1));
        }
        int info = first & 0x1f;
        if (info < 24) {
            return info;
        }
        int size = switch (info) {
            case 24 -> 1;
            case 25 -> 2;
            case 26 -> 4;
            case 27 -> 8;
            default -> throw fail("indefinite or reserved length at " + (pos - 1));
        };
        long v = 0;
        for (int i = 0; i < size; i++) {
            v = (v << 8) | (b[pos++] & 0xff);
        }
        if (v < 0 || v > b.length) {
            throw fail("length out of range at " + pos);
        }
        return v;
    }

    private IllegalStateException fail(String why) {
        return new IllegalStateException("stored MST node " + cid + " is not in canonical node form: " + why);
    }
}
