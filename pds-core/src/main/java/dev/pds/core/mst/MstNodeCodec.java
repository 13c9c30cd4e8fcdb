package dev.pds.core.mst;

import dev.pds.core.block.Block;
import dev.pds.core.data.Cid;
import dev.pds.core.data.DagCbor;
import dev.pds.core.data.DataBytes;
import dev.pds.core.data.DataInt;
import dev.pds.core.data.DataLink;
import dev.pds.core.data.DataList;
import dev.pds.core.data.DataMap;
import dev.pds.core.data.DataModelException;
import dev.pds.core.data.DataNull;
import dev.pds.core.data.DataValue;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The DAG-CBOR form of a node, {@code {e: [{k, p, t, v}], l}} (repository spec, "MST
 * Structure"). Encoding is written out by hand for the one fixed shape, straight into canonical
 * order (keys "e" before "l"; "k", "p", "t", "v"), because every write encodes a path of nodes.
 * Decoding goes through the strict DAG-CBOR decoder and then checks every structural rule, so
 * that a node that decodes re-encodes to the same bytes.
 */
final class MstNodeCodec {
    /** Most entries accepted in one node read from outside (spec, "Security Considerations"). */
    static final int MAX_ENTRIES = 1024;
    /** Expected layer of a root, which is not known before it is read. */
    static final int ROOT = -1;

    private MstNodeCodec() {
    }

    static byte[] encode(MstNode node) {
        MstNode.Entry[] entries = node.entries;
        int[] prefix = new int[entries.length];
        int size = 3 + headerSize(entries.length) + 2 + linkSize(NodeRef.cidOf(node.left));
        byte[] prev = EMPTY;
        for (int i = 0; i < entries.length; i++) {
            MstNode.Entry e = entries[i];
            int p = prefixLength(prev, e.keyBytes());
            prefix[i] = p;
            int rest = e.keyBytes().length - p;
            size += 1 + 2 + headerSize(rest) + rest + 2 + headerSize(p) + 2 + linkSize(NodeRef.cidOf(e.right())) + 2
                    + linkSize(e.value());
            prev = e.keyBytes();
        }
        Out out = new Out(size);
        out.write(0xa2);
        out.write(0x61);
        out.write('e');
        out.header(4, entries.length);
        for (int i = 0; i < entries.length; i++) {
            MstNode.Entry e = entries[i];
            int p = prefix[i];
            out.write(0xa4);
            out.write(0x61);
            out.write('k');
            out.header(2, e.keyBytes().length - p);
            out.bytes(e.keyBytes(), p);
            out.write(0x61);
            out.write('p');
            out.header(0, p);
            out.write(0x61);
            out.write('t');
            out.link(NodeRef.cidOf(e.right()));
            out.write(0x61);
            out.write('v');
            out.link(e.value());
        }
        out.write(0x61);
        out.write('l');
        out.link(NodeRef.cidOf(node.left));
        return out.finish();
    }

    private static final byte[] EMPTY = new byte[0];

    static int prefixLength(byte[] a, byte[] b) {
        int m = java.util.Arrays.mismatch(a, b);
        return m < 0 ? a.length : m;
    }

    private static int headerSize(long n) {
        return n < 24 ? 1 : n < 0x100 ? 2 : n < 0x10000 ? 3 : 5;
    }

    private static int linkSize(Cid cid) {
        if (cid == null) {
            return 1;
        }
        int n = cid.byteLength() + 1;
        return 2 + headerSize(n) + n;
    }

    /**
     * Decodes and checks a stored node. {@code expectedLayer} is the layer its parent implies, or
     * {@link #ROOT} for a tree's root (whose layer its keys decide).
     */
    static MstNode decode(Cid cid, byte[] bytes, int expectedLayer) {
        if (!Cid.ofDagCbor(bytes).equals(cid)) {
            throw new MstException("MST node block does not hash to its CID " + cid);
        }
        DataValue value;
        try {
            value = DagCbor.decode(bytes);
        } catch (DataModelException e) {
            throw new MstException("MST node " + cid + " is not valid DAG-CBOR: " + e.getMessage(), e);
        }
        if (!(value instanceof DataMap map) || map.size() != 2 || !(map.get("e") instanceof DataList list)
                || !map.containsKey("l")) {
            throw bad(cid, "must be a map of exactly {e, l}");
        }
        NodeRef left = childLink(cid, map.get("l"), "l");
        List<DataValue> items = list.items();
        if (items.size() > MAX_ENTRIES) {
            throw bad(cid, "has " + items.size() + " entries, over the limit of " + MAX_ENTRIES);
        }
        MstNode.Entry[] entries = new MstNode.Entry[items.size()];
        String prev = "";
        byte[] prevBytes = new byte[0];
        int layer = -1;
        for (int i = 0; i < entries.length; i++) {
            if (!(items.get(i) instanceof DataMap e) || e.size() != 4) {
                throw bad(cid, "entry " + i + " must be a map of exactly {k, p, t, v}");
            }
            if (!(e.get("p") instanceof DataInt p) || !(e.get("k") instanceof DataBytes k)
                    || !(e.get("v") instanceof DataLink v) || !e.containsKey("t")) {
                throw bad(cid, "entry " + i + " must have p (int), k (bytes), v (link) and t");
            }
            if (p.value() < 0 || p.value() > prev.length()) {
                throw bad(cid, "entry " + i + " has prefix length " + p.value() + " beyond the previous key");
            }
            byte[] suffix = k.bytes();
            byte[] keyBytes = new byte[(int) p.value() + suffix.length];
            System.arraycopy(prevBytes, 0, keyBytes, 0, (int) p.value());
            System.arraycopy(suffix, 0, keyBytes, (int) p.value(), suffix.length);
            String key = new String(keyBytes, StandardCharsets.ISO_8859_1);
            if (!MstKey.isValid(key)) {
                throw bad(cid, "entry " + i + " has an invalid key " + MstKey.abbreviate(key));
            }
            if (i > 0 && key.compareTo(prev) <= 0) {
                throw bad(cid, "keys are not in strictly ascending order at entry " + i);
            }
            if (prefixLength(prevBytes, keyBytes) != p.value()) {
                throw bad(cid, "entry " + i + " is not compressed against the previous key");
            }
            int h = MstKey.height(keyBytes);
            if (layer < 0) {
                layer = h;
            } else if (h != layer) {
                throw bad(cid, "holds keys of different depths (" + layer + " and " + h + ")");
            }
            entries[i] = new MstNode.Entry(key, keyBytes, v.cid(), childLink(cid, e.get("t"), "t"));
            prev = key;
            prevBytes = keyBytes;
        }
        if (entries.length == 0) {
            if (left == null && expectedLayer != ROOT) {
                throw bad(cid, "is empty but is not the root of an empty tree");
            }
            if (left != null && expectedLayer == ROOT) {
                throw bad(cid, "is an empty root above a subtree (the top of the tree was not trimmed)");
            }
            layer = expectedLayer == ROOT ? 0 : expectedLayer;
        } else if (expectedLayer != ROOT && layer != expectedLayer) {
            throw bad(cid, "is at depth " + layer + " where its parent puts depth " + expectedLayer);
        }
        if (layer == 0 && (left != null || hasRight(entries))) {
            throw bad(cid, "is at depth 0 but links to subtrees");
        }
        return new MstNode(layer, left, entries, true, new Block(cid, bytes));
    }

    private static boolean hasRight(MstNode.Entry[] entries) {
        for (MstNode.Entry e : entries) {
            if (e.right() != null) {
                return true;
            }
        }
        return false;
    }

    private static NodeRef childLink(Cid node, DataValue v, String field) {
        if (v instanceof DataNull) {
            return null;
        }
        if (v instanceof DataLink link && link.cid().isBlessed() && link.cid().codec() == Cid.DAG_CBOR) {
            return NodeRef.stored(link.cid());
        }
        throw bad(node, "field " + field + " must be null or a dag-cbor SHA-256 link");
    }

    private static MstException bad(Cid cid, String why) {
        return new MstException("invalid MST node " + cid + ": " + why);
    }

    /** A byte buffer of the exact encoded size, with the few CBOR writers a node needs. */
    private static final class Out {
        private final byte[] buf;
        private int len;

        Out(int size) {
            buf = new byte[size];
        }

        void write(int b) {
            buf[len++] = (byte) b;
        }

        void bytes(byte[] src, int from) {
            int n = src.length - from;
            System.arraycopy(src, from, buf, len, n);
            len += n;
        }

        void header(int major, long n) {
            int m = major << 5;
            if (n < 24) {
                write(m | (int) n);
            } else if (n < 0x100) {
                write(m | 24);
                write((int) n);
            } else if (n < 0x10000) {
                write(m | 25);
                write((int) (n >>> 8));
                write((int) n);
            } else {
                write(m | 26);
                for (int s = 24; s >= 0; s -= 8) {
                    write((int) (n >>> s));
                }
            }
        }

        void link(Cid cid) {
            if (cid == null) {
                write(0xf6);
                return;
            }
            write(0xd8);
            write(42);
            header(2, cid.byteLength() + 1L);
            write(0);
            len = cid.copyTo(buf, len);
        }

        byte[] finish() {
            if (len != buf.length) {
                throw new IllegalStateException("MST node encoding size mismatch: " + len + " != " + buf.length);
            }
            return buf;
        }
    }
}
