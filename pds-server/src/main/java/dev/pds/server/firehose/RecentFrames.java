package dev.pds.server.firehose;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Predicate;

/**
 * The newest frames of the log in memory, shared by every live subscriber: each is copied once
 * into a direct buffer as a complete WebSocket message (a server's frames are unmasked, so the
 * bytes on the wire are the same for every connection), which all connections write from: a
 * duplicate per write, no copy, no per-connection encoding. Bounded by count and bytes; the
 * oldest go first. One thread appends, any thread reads.
 *
 * <p>Buffers are unreleasable and freed by the garbage collector once no ring slot and no
 * pending write holds them, so an eviction can never free memory a socket is still sending.
 */
final class RecentFrames {
    /**
     * One frame: its sequence number and its WebSocket message, header included (write
     * {@code bytes.duplicate()} straight to the channel, never the buffer itself); or, once
     * erased, a hole: no bytes, and its sequence number is skipped. {@code size} is what the
     * frame counted against the byte bound when it came in.
     */
    record Frame(long seq, ByteBuf bytes, int size) {
        boolean erased() {
            return bytes == null;
        }
    }

    private final AtomicReferenceArray<Frame> slots;
    private final long maxBytes;
    private volatile long head;
    private volatile long tail;
    private long bytes; // appender only

    /** A ring whose next frame will be {@code nextSeq}. */
    RecentFrames(int capacity, long maxBytes, long nextSeq) {
        if (capacity < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("capacity and maxBytes must be positive");
        }
        this.slots = new AtomicReferenceArray<>(capacity);
        this.maxBytes = maxBytes;
        this.head = nextSeq - 1;
        this.tail = nextSeq;
    }

    /** The newest sequence number held (or, when empty, the one before the next to come). */
    long head() {
        return head;
    }

    /** The oldest sequence number held; {@code head() + 1} when empty. */
    long tail() {
        return tail;
    }

    /** Appends the frame of {@code seq}, which must follow the head; evicts the oldest as needed. */
    void append(long seq, byte[] frame) {
        if (seq != head + 1) {
            throw new IllegalStateException("frame " + seq + " does not follow " + head);
        }
        ByteBuffer direct = wireMessage(frame);
        int size = direct.remaining();
        put(new Frame(seq, Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(direct)), size));
    }

    /**
     * Appends a hole for {@code seq}, which must follow the head: a sequence number the log no
     * longer has (its event was erased before the follower read it).
     */
    void appendHole(long seq) {
        if (seq != head + 1) {
            throw new IllegalStateException("hole " + seq + " does not follow " + head);
        }
        put(new Frame(seq, null, 0));
    }

    private void put(Frame f) {
        int capacity = slots.length();
        while (tail <= head && (head - tail + 1 >= capacity || bytes + f.size() > maxBytes)) {
            Frame old = slots.getAndSet(index(tail), null);
            if (old != null) {
                bytes -= old.size();
            }
            tail = tail + 1;
        }
        slots.set(index(f.seq()), f);
        bytes += f.size();
        head = f.seq(); // publishes the slot to readers, who read head first
    }

    /**
     * Turns every held frame that {@code doomed} picks (given the frame's payload, without the
     * WebSocket header) into a hole; answers how many. Any thread; a frame a socket is already
     * sending goes out whole.
     */
    int erase(Predicate<byte[]> doomed) {
        int erased = 0;
        for (long s = tail; s <= head; s++) {
            int i = index(s);
            Frame f = slots.get(i);
            if (f == null || f.seq() != s || f.erased() || !doomed.test(payload(f.bytes()))) {
                continue;
            }
            // the appender may have evicted or replaced the slot meanwhile: then it is gone already
            if (slots.compareAndSet(i, f, new Frame(s, null, f.size()))) {
                erased++;
            }
        }
        return erased;
    }

    /** The frame bytes of a WebSocket message as {@link #wireMessage} builds it. */
    private static byte[] payload(ByteBuf message) {
        ByteBuf m = message.duplicate();
        m.skipBytes(1);
        int len = m.readUnsignedByte();
        if (len == 126) {
            m.skipBytes(2);
        } else if (len == 127) {
            m.skipBytes(8);
        }
        byte[] out = new byte[m.readableBytes()];
        m.readBytes(out);
        return out;
    }

    /** One unfragmented binary WebSocket message (RFC 6455 section 5.2), unmasked as from a server. */
    static ByteBuffer wireMessage(byte[] payload) {
        ByteBuffer b = ByteBuffer.allocateDirect(wireLength(payload.length));
        putWireMessage(b, payload);
        return b.flip();
    }

    /** Bytes of the WebSocket message carrying {@code payloadLength} bytes. */
    static int wireLength(int payloadLength) {
        return (payloadLength < 126 ? 2 : payloadLength < 65_536 ? 4 : 10) + payloadLength;
    }

    /** As {@link #wireMessage}, appended to {@code out}. */
    static void writeWireMessage(io.netty.buffer.ByteBuf out, byte[] payload) {
        int n = payload.length;
        out.writeByte(0x82);
        if (n < 126) {
            out.writeByte(n);
        } else if (n < 65_536) {
            out.writeByte(126).writeShort(n);
        } else {
            out.writeByte(127).writeLong(n);
        }
        out.writeBytes(payload);
    }

    private static void putWireMessage(ByteBuffer b, byte[] payload) {
        int n = payload.length;
        b.put((byte) 0x82); // FIN, opcode 2 (binary)
        if (n < 126) {
            b.put((byte) n);
        } else if (n < 65_536) {
            b.put((byte) 126).putShort((short) n);
        } else {
            b.put((byte) 127).putLong(n);
        }
        b.put(payload);
    }

    /** Drops everything held; the next frame appended will be {@code nextSeq}. */
    void restartAt(long nextSeq) {
        for (long s = tail; s <= head; s++) {
            slots.set(index(s), null);
        }
        bytes = 0;
        tail = nextSeq;
        head = nextSeq - 1;
    }

    /** The frame of {@code seq} (perhaps a hole), or null when it is not (or no longer) held. */
    Frame get(long seq) {
        if (seq > head || seq < tail) {
            return null;
        }
        Frame f = slots.get(index(seq));
        return f != null && f.seq() == seq ? f : null;
    }

    /** Bytes of the frames held (appender's view). */
    long bytes() {
        return bytes;
    }

    private int index(long seq) {
        return (int) Math.floorMod(seq, (long) slots.length());
    }
}
