package dev.pds.server.firehose;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReferenceArray;

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
     * {@code bytes.duplicate()} straight to the channel, never the buffer itself).
     */
    record Frame(long seq, ByteBuf bytes) {
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
        Frame f = new Frame(seq, Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(direct)));
        int capacity = slots.length();
        int size = direct.remaining();
        while (tail <= head && (head - tail + 1 >= capacity || bytes + size > maxBytes)) {
            Frame old = slots.getAndSet(index(tail), null);
            if (old != null) {
                bytes -= old.bytes().readableBytes();
            }
            tail = tail + 1;
        }
        slots.set(index(seq), f);
        bytes += size;
        head = seq; // publishes the slot to readers, who read head first
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

    /** The frame of {@code seq}, or null when it is not (or no longer) held. */
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
