package dev.pds.core.repo;

import dev.pds.core.data.Cid;
import java.nio.charset.StandardCharsets;

/**
 * The DAG-CBOR of a commit, written by hand for its one fixed shape, because every commit is
 * encoded twice (the bytes the signature covers, then the signed block): canonical key order
 * (shorter keys first, then bytewise) is {@code did, rev, sig, data, prev, version}. Tests
 * check it byte for byte against the generic encoder.
 */
final class CommitCodec {
    private static final byte[] DID = key("did");
    private static final byte[] REV = key("rev");
    private static final byte[] SIG = key("sig");
    private static final byte[] DATA = key("data");
    private static final byte[] PREV = key("prev");
    private static final byte[] VERSION = key("version");

    private CommitCodec() {
    }

    private static byte[] key(String k) {
        byte[] ascii = k.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[1 + ascii.length];
        out[0] = (byte) (0x60 | ascii.length);
        System.arraycopy(ascii, 0, out, 1, ascii.length);
        return out;
    }

    /** The commit's map; without {@code sig} when it is null (the bytes the signature covers). */
    static byte[] encode(String did, Cid data, String rev, Cid prev, byte[] sig) {
        byte[] didBytes = did.getBytes(StandardCharsets.UTF_8);
        byte[] revBytes = rev.getBytes(StandardCharsets.UTF_8);
        int size = 1 + DID.length + headerSize(didBytes.length) + didBytes.length
                + REV.length + headerSize(revBytes.length) + revBytes.length
                + DATA.length + linkSize(data)
                + PREV.length + (prev == null ? 1 : linkSize(prev))
                + VERSION.length + 1;
        if (sig != null) {
            size += SIG.length + headerSize(sig.length) + sig.length;
        }
        Out out = new Out(size);
        out.write(0xa0 | (sig == null ? 5 : 6));
        out.raw(DID);
        out.header(3, didBytes.length);
        out.raw(didBytes, didBytes.length);
        out.raw(REV);
        out.header(3, revBytes.length);
        out.raw(revBytes, revBytes.length);
        if (sig != null) {
            out.raw(SIG);
            out.header(2, sig.length);
            out.raw(sig, sig.length);
        }
        out.raw(DATA);
        out.link(data);
        out.raw(PREV);
        if (prev == null) {
            out.write(0xf6);
        } else {
            out.link(prev);
        }
        out.raw(VERSION);
        out.write(Commit.VERSION); // a small unsigned int is its own head
        return out.finish();
    }

    private static int headerSize(long n) {
        return n < 24 ? 1 : n < 0x100 ? 2 : n < 0x10000 ? 3 : 5;
    }

    private static int linkSize(Cid cid) {
        int n = cid.byteLength() + 1;
        return 2 + headerSize(n) + n;
    }

    /** An array of the exact encoded size and the few CBOR writers a commit needs. */
    private static final class Out {
        private final byte[] buf;
        private int len;

        Out(int size) {
            buf = new byte[size];
        }

        void write(int b) {
            buf[len++] = (byte) b;
        }

        void raw(byte[] src) {
            raw(src, src.length);
        }

        void raw(byte[] src, int n) {
            System.arraycopy(src, 0, buf, len, n);
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
            write(0xd8);
            write(42);
            header(2, cid.byteLength() + 1L);
            write(0);
            len = cid.copyTo(buf, len);
        }

        byte[] finish() {
            if (len != buf.length) {
                throw new IllegalStateException("commit encoding size mismatch: " + len + " != " + buf.length);
            }
            return buf;
        }
    }
}
