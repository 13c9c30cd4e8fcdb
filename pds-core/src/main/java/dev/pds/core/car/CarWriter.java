package dev.pds.core.car;

import dev.pds.core.block.Block;
import dev.pds.core.block.BlockMap;
import dev.pds.core.data.Cid;
import dev.pds.core.data.Varint;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;

/**
 * Writes a CARv1 file to a stream as blocks arrive: the header at construction, then one
 * section per block ({@code varint(cid length + data length) | binary CID | data}). Nothing is
 * held beyond a small write buffer, so an export of any size streams. The writer trusts its
 * blocks (they come from our own store or encoder); readers check hashes.
 */
public final class CarWriter implements Closeable, Flushable {
    private static final int BUFFER = 64 * 1024;

    private final OutputStream out;
    private final byte[] prefix = new byte[Varint.MAX_BYTES];
    private long bytesWritten;
    private long blockCount;

    /** Starts a CAR on {@code out} with the given header; {@link #close} closes {@code out}. */
    public CarWriter(OutputStream out, CarHeader header) throws IOException {
        Objects.requireNonNull(out, "out");
        this.out = out instanceof BufferedOutputStream || out instanceof ByteArrayOutputStream ? out : new BufferedOutputStream(out, BUFFER);
        byte[] h = header.encode();
        writePrefix(h.length);
        this.out.write(h);
        bytesWritten += h.length;
    }

    public CarWriter(OutputStream out, Cid root) throws IOException {
        this(out, CarHeader.of(root));
    }

    /** Appends one block section. */
    public void write(Cid cid, byte[] data) throws IOException {
        write(cid, data, data.length);
    }

    /** Appends one block section whose bytes are the first {@code length} of {@code data}. */
    public void write(Cid cid, byte[] data, int length) throws IOException {
        if (length < 0 || length > data.length) {
            throw new IndexOutOfBoundsException("block length " + length + " of " + data.length + " bytes");
        }
        int cidLength = cid.byteLength();
        writePrefix((long) cidLength + length);
        cid.writeTo(out);
        out.write(data, 0, length);
        bytesWritten += cidLength + length;
        blockCount++;
    }

    public void write(Block block) throws IOException {
        write(block.cid(), block.bytes());
    }

    public void writeAll(Iterable<Block> blocks) throws IOException {
        for (Block b : blocks) {
            write(b);
        }
    }

    /** Bytes written so far, header and length prefixes included. */
    public long bytesWritten() {
        return bytesWritten;
    }

    /** Block sections written so far. */
    public long blockCount() {
        return blockCount;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /** A whole CAR in memory, for small ones (proofs, firehose event slices, tests). */
    public static byte[] toBytes(CarHeader header, Iterable<Block> blocks) {
        // sized up front when the blocks' size is known (an event's few kilobytes), so it never regrows
        long size = 128;
        if (blocks instanceof BlockMap map) {
            size += map.byteSize() + 48L * map.size();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) Math.min(size, 1 << 30));
        try (CarWriter w = new CarWriter(bytes, header)) {
            w.writeAll(blocks);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    public static byte[] toBytes(Cid root, Iterable<Block> blocks) {
        return toBytes(CarHeader.of(root), blocks);
    }

    private void writePrefix(long length) throws IOException {
        int n = Varint.write(length, prefix, 0);
        out.write(prefix, 0, n);
        bytesWritten += n;
    }
}
