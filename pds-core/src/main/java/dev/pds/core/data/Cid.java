package dev.pds.core.data;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A content identifier as the atproto data model allows it: CIDv1 (CIDv0 is refused), with a
 * multicodec and a multihash. Links we create are dag-cbor or raw over SHA-256 ("blessed"); links
 * read from others may carry any codec, but the multihash must be well formed and SHA-256 digests
 * must be 32 bytes. String form: multibase base32 lower case ({@code b...}).
 */
public final class Cid implements Comparable<Cid> {
    public static final int DAG_CBOR = 0x71;
    public static final int RAW = 0x55;
    public static final int SHA2_256 = 0x12;

    /** Digests longer than this are refused: no hash in use needs more, and it bounds input. */
    static final int MAX_DIGEST_LENGTH = 64;

    private final byte[] bytes;
    private final int codec;
    private final int hashCode;
    private String string; // cached; a benign race only computes it twice

    private Cid(byte[] bytes, int codec) {
        this.bytes = bytes;
        this.codec = codec;
        this.hashCode = Arrays.hashCode(bytes);
    }

    /** The CID of a DAG-CBOR block: v1, dag-cbor, SHA-256 of {@code block}. */
    public static Cid ofDagCbor(byte[] block) {
        return of(DAG_CBOR, block);
    }

    /** The CID of raw bytes (a blob): v1, raw, SHA-256 of {@code bytes}. */
    public static Cid ofRaw(byte[] bytes) {
        return of(RAW, bytes);
    }

    private static Cid of(int codec, byte[] data) {
        byte[] out = new byte[36];
        out[0] = 1;
        out[1] = (byte) codec;
        out[2] = SHA2_256;
        out[3] = 32;
        Sha256.digestInto(data, out, 4);
        return new Cid(out, codec);
    }

    /** A CID from its parts; for tests and callers that already hold a SHA-256 digest. */
    public static Cid of(int codec, int hashType, byte[] digest) {
        if (codec < 0 || hashType < 0) {
            throw new IllegalArgumentException("negative codec or hash code");
        }
        byte[] buf = new byte[1 + Varint.size(codec) + Varint.size(hashType) + Varint.size(digest.length) + digest.length];
        int p = 0;
        buf[p++] = 1;
        p = Varint.write(codec, buf, p);
        p = Varint.write(hashType, buf, p);
        p = Varint.write(digest.length, buf, p);
        System.arraycopy(digest, 0, buf, p, digest.length);
        return fromBytes(buf);
    }

    /**
     * Parses the string form: base32 lower case with the multibase prefix {@code b}. Other
     * multibases (base58btc {@code z...}, CIDv0 {@code Qm...}) are valid elsewhere in IPFS, but
     * atproto writes CIDs in base32 only, so they are refused here.
     */
    public static Cid parse(String s) {
        if (s == null || s.isEmpty()) {
            throw new DataModelException("CID string is empty");
        }
        if (s.length() > 256) {
            throw new DataModelException("CID string is too long (" + s.length() + " chars)");
        }
        if (s.startsWith("Qm")) {
            throw new DataModelException("CIDv0 is not supported in atproto: " + abbreviate(s));
        }
        if (s.charAt(0) != 'b') {
            throw new DataModelException("CID must be multibase base32 lower case (prefix 'b'): " + abbreviate(s));
        }
        byte[] raw = Base32.decode(s, 1);
        if (raw == null) {
            throw new DataModelException("CID is not valid base32 lower case: " + abbreviate(s));
        }
        Cid cid = fromBytes(raw);
        cid.string = s;
        return cid;
    }

    /** Whether {@code s} parses as a CID ({@link #parse}) without throwing. */
    public static boolean isValid(String s) {
        try {
            parse(s);
            return true;
        } catch (DataModelException e) {
            return false;
        }
    }

    /** A binary CID that must fill {@code bytes} exactly. */
    public static Cid fromBytes(byte[] bytes) {
        Cid cid = read(bytes, 0);
        if (cid.bytes.length != bytes.length) {
            throw new DataModelException("trailing bytes after binary CID (" + (bytes.length - cid.bytes.length) + ")");
        }
        return cid;
    }

    /** Reads a binary CID that starts at {@code offset} in a larger buffer; see {@link #byteLength()}. */
    public static Cid read(byte[] buf, int offset) {
        return read(buf, offset, buf.length);
    }

    /** As {@link #read(byte[], int)}, not reading at or past {@code limit}. */
    public static Cid read(byte[] buf, int offset, int limit) {
        if (offset < 0 || limit > buf.length || offset > limit) {
            throw new IndexOutOfBoundsException("offset " + offset + ", limit " + limit + ", length " + buf.length);
        }
        if (offset == limit) {
            throw new DataModelException("binary CID is empty");
        }
        if (buf[offset] == SHA2_256 && offset + 1 < limit && buf[offset + 1] == 32) {
            throw new DataModelException("CIDv0 is not supported in atproto");
        }
        Varint.Reader r = new Varint.Reader(buf, offset, limit, "CID");
        long version = r.next();
        if (version != 1) {
            throw new DataModelException("unsupported CID version " + version + " (only CIDv1)");
        }
        long codec = r.next();
        if (codec > Integer.MAX_VALUE) {
            throw new DataModelException("CID codec out of range: " + codec);
        }
        long hash = r.next();
        long length = r.next();
        if (length == 0 || length > MAX_DIGEST_LENGTH) {
            throw new DataModelException("CID digest length out of range: " + length);
        }
        if (hash == SHA2_256 && length != 32) {
            throw new DataModelException("sha2-256 digest must be 32 bytes, not " + length);
        }
        int end = r.position() + (int) length;
        if (end > limit) {
            throw new DataModelException("binary CID is truncated");
        }
        return new Cid(Arrays.copyOfRange(buf, offset, end), (int) codec);
    }

    /** Length of the binary form. */
    public int byteLength() {
        return bytes.length;
    }

    /** A copy of the binary form. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** Writes the binary form without copying it. */
    public void writeTo(OutputStream out) throws IOException {
        out.write(bytes);
    }

    /** Copies the binary form into {@code dst} at {@code offset}; returns the offset after it. */
    public int copyTo(byte[] dst, int offset) {
        System.arraycopy(bytes, 0, dst, offset, bytes.length);
        return offset + bytes.length;
    }

    /** The binary form itself, for encoders in this package that must not copy. */
    byte[] rawBytes() {
        return bytes;
    }

    public int codec() {
        return codec;
    }

    /** The multihash function code, for example {@link #SHA2_256}. */
    public int hashType() {
        Varint.Reader r = new Varint.Reader(bytes, 0, bytes.length, "CID");
        r.next();
        r.next();
        return (int) r.next();
    }

    /** A copy of the hash digest. */
    public byte[] digest() {
        Varint.Reader r = new Varint.Reader(bytes, 0, bytes.length, "CID");
        r.next();
        r.next();
        r.next();
        r.next();
        return Arrays.copyOfRange(bytes, r.position(), bytes.length);
    }

    /** Whether this is the blessed atproto form: v1, dag-cbor or raw, SHA-256. */
    public boolean isBlessed() {
        return bytes.length == 36 && (codec == DAG_CBOR || codec == RAW) && bytes[2] == SHA2_256 && bytes[3] == 32;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cid && Arrays.equals(bytes, ((Cid) o).bytes);
    }

    @Override
    public int hashCode() {
        return hashCode;
    }

    @Override
    public int compareTo(Cid o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    /** The base32 string form, {@code b...}. */
    @Override
    public String toString() {
        String s = string;
        if (s == null) {
            s = "b" + Base32.encode(bytes);
            string = s;
        }
        return s;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
