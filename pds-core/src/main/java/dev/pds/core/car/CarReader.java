package dev.pds.core.car;

import dev.pds.core.block.Block;
import dev.pds.core.block.BlockMap;
import dev.pds.core.car.CarException.Reason;
import dev.pds.core.data.Cid;
import dev.pds.core.data.DataModelException;
import dev.pds.core.data.Sha256;
import dev.pds.core.data.Varint;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Reads a CARv1 file from untrusted input, one block at a time, from a stream or (without
 * copying the input) from a byte array. Every length is checked against {@link CarLimits}
 * before anything is allocated or read, and every block's bytes are hashed and compared with
 * its CID; only the CIDs atproto uses are accepted (v1, dag-cbor or raw, SHA-256). Failures are
 * {@link CarException}s; an I/O failure of the stream is an {@link UncheckedIOException}.
 * Not thread-safe.
 */
public final class CarReader implements Closeable {
    private static final int STREAM_BUFFER = 64 * 1024;

    private final InputStream in; // null when reading from an array
    private final CarLimits limits;
    private final MessageDigest sha256;
    private final CarHeader header;
    private byte[] buf;
    private int pos;
    private int lim;
    private long base; // offset in the file of buf[0]
    private long blockCount;
    private boolean done;

    private CarReader(InputStream in, byte[] buf, int lim, CarLimits limits) {
        this.in = in;
        this.buf = buf;
        this.lim = lim;
        this.limits = Objects.requireNonNull(limits, "limits");
        this.sha256 = Sha256.newDigest();
        this.header = readHeader();
    }

    /** Reads the header from {@code in} now; blocks follow with {@link #next}. {@link #close} closes {@code in}. */
    public static CarReader open(InputStream in, CarLimits limits) {
        return new CarReader(Objects.requireNonNull(in, "in"), new byte[STREAM_BUFFER], 0, limits);
    }

    /** Reads a CAR held in memory; the array is read, never modified or kept past the blocks' copies. */
    public static CarReader of(byte[] car, CarLimits limits) {
        Objects.requireNonNull(car, "car");
        if (car.length > limits.maxTotalBytes()) {
            throw new CarException(Reason.TOO_LARGE, "file of " + car.length + " bytes is over the limit of " + limits.maxTotalBytes());
        }
        return new CarReader(null, car, car.length, limits);
    }

    /** Reads a whole in-memory CAR: its header and all its blocks. */
    public static CarContents readAll(byte[] car, CarLimits limits) {
        try (CarReader r = of(car, limits)) {
            return new CarContents(r.header(), r.readRemaining());
        }
    }

    /** Reads a whole CAR from a stream into memory, within {@code limits}. */
    public static CarContents readAll(InputStream in, CarLimits limits) {
        try (CarReader r = open(in, limits)) {
            return new CarContents(r.header(), r.readRemaining());
        }
    }

    public CarHeader header() {
        return header;
    }

    public List<Cid> roots() {
        return header.roots();
    }

    /** The next verified block, or null at the clean end of the file. */
    public Block next() {
        if (done) {
            return null;
        }
        long start = position();
        long length = readVarint(true, "block section length");
        if (length < 0) {
            done = true;
            return null;
        }
        if (length == 0) {
            throw new CarException(Reason.BAD_CID, "empty block section at byte " + start);
        }
        if (length > limits.maxBlockBytes()) {
            throw new CarException(Reason.TOO_LARGE, "block section of " + length + " bytes at byte " + start
                    + " is over the limit of " + limits.maxBlockBytes());
        }
        if (blockCount >= limits.maxBlocks()) {
            throw new CarException(Reason.TOO_LARGE, "more than " + limits.maxBlocks() + " blocks");
        }
        checkTotal(position() + length);
        int n = (int) length;
        if (!ensure(n)) {
            throw new CarException(Reason.TRUNCATED, "block section at byte " + start + " declares " + n
                    + " bytes but the input ends after " + (lim - pos));
        }
        Cid cid;
        try {
            cid = Cid.read(buf, pos, pos + n);
        } catch (DataModelException e) {
            throw new CarException(Reason.BAD_CID, "block section at byte " + start + ": " + e.getMessage(), e);
        }
        if (!cid.isBlessed()) {
            throw new CarException(Reason.UNSUPPORTED_CID, "block " + cid + " at byte " + start + " has codec 0x"
                    + Integer.toHexString(cid.codec()) + " and hash 0x" + Integer.toHexString(cid.hashType())
                    + "; atproto uses only dag-cbor (0x71) or raw (0x55) over sha2-256 (0x12)");
        }
        int dataStart = pos + cid.byteLength();
        int dataEnd = pos + n;
        if (!hashMatches(dataStart, dataEnd)) {
            throw new CarException(Reason.HASH_MISMATCH, "block " + cid + " at byte " + start + ": its bytes do not hash to its CID");
        }
        byte[] data = Arrays.copyOfRange(buf, dataStart, dataEnd);
        pos = dataEnd;
        blockCount++;
        return new Block(cid, data);
    }

    /** Reads every remaining block into a map (duplicates kept once). */
    public BlockMap readRemaining() {
        BlockMap blocks = new BlockMap();
        for (Block b = next(); b != null; b = next()) {
            blocks.put(b);
        }
        return blocks;
    }

    /** Blocks read so far. */
    public long blockCount() {
        return blockCount;
    }

    /** Bytes consumed so far, header and prefixes included. */
    public long position() {
        return base + pos;
    }

    @Override
    public void close() {
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private CarHeader readHeader() {
        long length = readVarint(false, "header length");
        if (length == 0) {
            throw new CarException(Reason.BAD_HEADER, "header length is zero");
        }
        if (length > limits.maxHeaderBytes()) {
            throw new CarException(Reason.TOO_LARGE, "header of " + length + " bytes is over the limit of " + limits.maxHeaderBytes());
        }
        checkTotal(position() + length);
        int n = (int) length;
        if (!ensure(n)) {
            throw new CarException(Reason.TRUNCATED, "header declares " + n + " bytes but the input ends after " + (lim - pos));
        }
        CarHeader h = CarHeader.decode(buf, pos, n);
        pos += n;
        return h;
    }

    /** An unsigned minimal varint; -1 at a clean end of input when {@code endAllowed}. */
    private long readVarint(boolean endAllowed, String what) {
        long start = position();
        long value = 0;
        for (int i = 0; i < Varint.MAX_BYTES; i++) {
            if (!ensure(1)) {
                if (i == 0 && endAllowed) {
                    return -1;
                }
                throw new CarException(Reason.TRUNCATED, i == 0 ? "input ends before the " + what
                        : "input ends inside the " + what + " at byte " + start);
            }
            int b = buf[pos++] & 0xff;
            value |= (long) (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw new CarException(Reason.BAD_VARINT, what + " at byte " + start + " is not minimally encoded");
                }
                return value;
            }
        }
        throw new CarException(Reason.BAD_VARINT, what + " at byte " + start + " is a varint longer than "
                + Varint.MAX_BYTES + " bytes");
    }

    private void checkTotal(long end) {
        if (end > limits.maxTotalBytes()) {
            throw new CarException(Reason.TOO_LARGE, "file is over the limit of " + limits.maxTotalBytes() + " bytes");
        }
    }

    /** Makes {@code n} bytes available at {@code pos}; false if the input ends first. */
    private boolean ensure(int n) {
        if (lim - pos >= n) {
            return true;
        }
        if (in == null) {
            return false;
        }
        if (buf.length - pos < n) {
            byte[] target = buf.length >= n ? buf : new byte[Math.max(n, Math.min(buf.length * 2, Integer.MAX_VALUE - 64))];
            System.arraycopy(buf, pos, target, 0, lim - pos);
            base += pos;
            lim -= pos;
            pos = 0;
            buf = target;
        }
        try {
            while (lim - pos < n) {
                int r = in.read(buf, lim, buf.length - lim);
                if (r < 0) {
                    return false;
                }
                lim += r;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return true;
    }

    private boolean hashMatches(int dataStart, int dataEnd) {
        // the digest is the last 32 bytes of a blessed CID
        byte[] digest = new byte[32];
        sha256.update(buf, dataStart, dataEnd - dataStart);
        try {
            sha256.digest(digest, 0, 32);
        } catch (DigestException e) {
            throw new IllegalStateException(e);
        }
        return Arrays.equals(digest, 0, 32, buf, dataStart - 32, dataStart);
    }
}
