package dev.pds.server.firehose;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.IllegalReferenceCountException;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Predicate;

/**
 * The newest frames of the log in memory, shared by every live subscriber: each is copied once
 * into a direct buffer as a complete WebSocket message (a server's frames are unmasked, so the
 * bytes on the wire are the same for every connection), which all connections write from: a
 * duplicate per write, no copy, no per-connection encoding. Bounded by count and bytes; the
 * oldest go first. One thread appends, any thread reads.
 *
 * <p>Each buffer is reference counted and unpooled: the ring holds one reference, each write
 * another ({@link Frame#retainedMessage}), so memory goes back to the system as soon as the
 * frame has left the ring and the last socket has sent it. Left to the garbage collector, the
 * evicted buffers of an old generation that is rarely collected held twice the ring's bound.
 * An unpooled buffer is never reused for other bytes, so a reader that loses the race with an
 * eviction gets nothing rather than someone else's frame.
 */
final class RecentFrames {
    /**
     * One frame: its sequence number and its WebSocket message, header included, which the ring
     * owns (readers take {@link #retainedMessage}); or, once erased, a hole: no bytes, and its
     * sequence number is skipped. {@code size} is what the frame counted against the byte bound
     * when it came in.
     */
    record Frame(long seq, ByteBuf bytes, int size) {
        boolean erased() {
            return bytes == null && seq >= 0;
        }

        /** Whether this is {@link #GONE}. */
        boolean gone() {
            return seq < 0;
        }

        /**
         * The message to write straight to a channel, which releases it once sent; null when the
         * frame has just left the ring (or is a hole).
         */
        ByteBuf retainedMessage() {
            if (bytes == null) {
                return null;
            }
            try {
                return bytes.retainedDuplicate();
            } catch (IllegalReferenceCountException released) {
                return null;
            }
        }

        private void release() {
            if (bytes != null) {
                bytes.release();
            }
        }
    }

    /** What {@link #find} answers for a sequence number the ring no longer holds. */
    static final Frame GONE = new Frame(-1, null, 0);

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
        ByteBuf message = Unpooled.directBuffer(wireLength(frame.length));
        writeWireMessage(message, frame);
        put(new Frame(seq, message, message.readableBytes()));
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
                old.release();
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
            ByteBuf message = f == null || f.seq() != s ? null : f.retainedMessage();
            if (message == null) {
                continue;
            }
            boolean doom;
            try {
                doom = doomed.test(payload(message));
            } finally {
                message.release();
            }
            // the appender may have evicted or replaced the slot meanwhile: then it is gone already
            if (doom && slots.compareAndSet(i, f, new Frame(s, null, f.size()))) {
                f.release();
                erased++;
            }
        }
        return erased;
    }

    /** The frame bytes of a WebSocket message as {@link #writeWireMessage} builds it (reads {@code message}). */
    private static byte[] payload(ByteBuf message) {
        message.skipBytes(1);
        int len = message.readUnsignedByte();
        if (len == 126) {
            message.skipBytes(2);
        } else if (len == 127) {
            message.skipBytes(8);
        }
        byte[] out = new byte[message.readableBytes()];
        message.readBytes(out);
        return out;
    }

    /** Bytes of the WebSocket message carrying {@code payloadLength} bytes. */
    static int wireLength(int payloadLength) {
        return (payloadLength < 126 ? 2 : payloadLength < 65_536 ? 4 : 10) + payloadLength;
    }

    /** One unfragmented binary WebSocket message (RFC 6455 section 5.2), unmasked as from a server, appended to {@code out}. */
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

    /** Drops everything held; the next frame appended will be {@code nextSeq}. */
    void restartAt(long nextSeq) {
        for (long s = tail; s <= head; s++) {
            Frame old = slots.getAndSet(index(s), null);
            if (old != null) {
                old.release();
            }
        }
        bytes = 0;
        tail = nextSeq;
        head = nextSeq - 1;
    }

    /**
     * Where a reader at {@code seq} stands: its frame (perhaps a hole); null when it has not come
     * yet; {@link #GONE} when it has left the ring. The head is read before the slot: a slot is
     * filled before the head that covers it is published, so a frame missing at or below that
     * head was evicted. (Read the other way round, a frame appended between the two reads looked
     * evicted, and a subscriber that had caught up was cut off as too slow.)
     */
    Frame find(long seq) {
        if (seq > head) {
            return null;
        }
        Frame f = get(seq);
        return f != null ? f : GONE;
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
