package dev.pds.server.firehose;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import org.junit.jupiter.api.Test;

class RecentFramesTest {
    static byte[] frame(long seq, int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (seq + i);
        }
        return b;
    }

    @Test
    void holdsTheNewestFramesByCount() {
        RecentFrames r = new RecentFrames(4, 1 << 20, 11);
        assertEquals(10, r.head());
        assertEquals(11, r.tail());
        assertNull(r.get(11));
        for (long s = 11; s <= 20; s++) {
            r.append(s, frame(s, 10));
        }
        assertEquals(20, r.head());
        assertEquals(17, r.tail());
        assertNull(r.get(16));
        assertNull(r.get(21));
        for (long s = 17; s <= 20; s++) {
            assertArrayEquals(frame(s, 10), ByteBufUtil.getBytes(r.get(s).bytes()));
            assertEquals(s, r.get(s).seq());
        }
        assertEquals(40, r.bytes());
        assertThrows(IllegalStateException.class, () -> r.append(22, frame(22, 1)), "frames come in sequence");
        assertThrows(IllegalStateException.class, () -> r.append(20, frame(20, 1)));
    }

    @Test
    void holdsNoMoreBytesThanAllowedButAlwaysTheNewestFrame() {
        RecentFrames r = new RecentFrames(100, 1000, 1);
        for (long s = 1; s <= 10; s++) {
            r.append(s, frame(s, 300));
        }
        assertEquals(8, r.tail());
        assertEquals(900, r.bytes());
        r.append(11, frame(11, 5000));
        assertEquals(11, r.tail(), "an oversized frame is still held, alone");
        assertEquals(5000, r.bytes());
        r.append(12, frame(12, 10));
        assertEquals(12, r.tail());
    }

    @Test
    void writesShareTheFrameAndReleasingThemFreesNothing() {
        RecentFrames r = new RecentFrames(4, 1 << 20, 1);
        r.append(1, frame(1, 64));
        ByteBuf shared = r.get(1).bytes();
        assertTrue(shared.isDirect(), "sockets write it without a copy");
        for (int i = 0; i < 10; i++) {
            ByteBuf write = shared.duplicate();
            write.skipBytes(10); // a socket consuming it moves only its own indices
            write.release();
        }
        assertEquals(64, shared.readableBytes());
        assertArrayEquals(frame(1, 64), ByteBufUtil.getBytes(r.get(1).bytes().duplicate()));
    }

    @Test
    void restartSkipsAhead() {
        RecentFrames r = new RecentFrames(4, 1 << 20, 1);
        r.append(1, frame(1, 8));
        r.append(2, frame(2, 8));
        r.restartAt(7);
        assertEquals(6, r.head());
        assertEquals(7, r.tail());
        assertNull(r.get(2));
        assertEquals(0, r.bytes());
        r.append(7, frame(7, 8));
        assertEquals(7, r.get(7).seq());
    }
}
