package dev.pds.server.firehose;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The newest frames of the log in memory, shared by every live subscriber: each is copied once
 * into a direct buffer that all connections write from (a duplicate per write, no copy). Bounded
 * by count and bytes; the oldest go first. One thread appends, any thread reads.
 *
 * <p>Buffers are unreleasable and freed by the garbage collector once no ring slot and no
 * pending write holds them, so an eviction can never free memory a socket is still sending.
 */
final class RecentFrames {
    /** One frame: its sequence number and its bytes (write {@code bytes.duplicate()}, never the buffer itself). */
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
        ByteBuffer direct = ByteBuffer.allocateDirect(frame.length);
        direct.put(frame).flip();
        Frame f = new Frame(seq, Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(direct)));
        int capacity = slots.length();
        while (tail <= head && (head - tail + 1 >= capacity || bytes + frame.length > maxBytes)) {
            Frame old = slots.getAndSet(index(tail), null);
            if (old != null) {
                bytes -= old.bytes().readableBytes();
            }
            tail = tail + 1;
        }
        slots.set(index(seq), f);
        bytes += frame.length;
        head = seq; // publishes the slot to readers, who read head first
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
