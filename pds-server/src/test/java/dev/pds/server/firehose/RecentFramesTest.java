package dev.pds.server.firehose;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
            assertArrayEquals(frame(s, 10), payload(r.get(s).bytes()));
            assertEquals(s, r.get(s).seq());
        }
        assertEquals(4 * (2 + 10), r.bytes(), "the WebSocket header counts");
        assertThrows(IllegalStateException.class, () -> r.append(22, frame(22, 1)), "frames come in sequence");
        assertThrows(IllegalStateException.class, () -> r.append(20, frame(20, 1)));
    }

    @Test
    void findTellsNotYetFromGone() {
        RecentFrames r = new RecentFrames(2, 1 << 20, 1);
        assertNull(r.find(1), "not come yet");
        r.append(1, frame(1, 8));
        r.appendHole(2);
        assertEquals(1, r.find(1).seq());
        assertTrue(r.find(2).erased());
        assertFalse(r.find(2).gone());
        assertNull(r.find(3));
        r.append(3, frame(3, 8)); // evicts 1
        assertTrue(r.find(1).gone());
        assertFalse(r.find(1).erased(), "gone is not a hole: a live reader that gets it fell behind");
    }

    /**
     * A follower that reads each frame as it comes, with an appender on another thread, must
     * never be told a frame is gone unless it really left the ring. Before {@code find}, the
     * subscriber looked up the slot and then read the head, so a frame appended between the two
     * reads looked evicted: CI saw a caught-up consumer cut off as too slow.
     */
    @Test
    void aFollowerKeepingUpIsNeverToldItsNextFrameIsGone() throws Exception {
        int frames = 300_000;
        RecentFrames r = new RecentFrames(frames + 1, Long.MAX_VALUE, 1); // nothing is ever evicted
        Thread appender = new Thread(() -> {
            for (long s = 1; s <= frames; s++) {
                r.append(s, frame(s, 1));
            }
        });
        appender.start();
        long seq = 1;
        long waits = 0;
        while (seq <= frames) {
            RecentFrames.Frame f = r.find(seq);
            if (f == null) {
                waits++;
                Thread.onSpinWait();
                continue;
            }
            assertFalse(f.gone(), "frame " + seq + " gone although nothing was evicted");
            assertEquals(seq, f.seq());
            seq++;
        }
        appender.join();
        r.restartAt(frames + 1); // frees the frames
        assertTrue(waits > 0, "the follower did catch up with the appender and wait for it");
    }

    @Test
    void holdsNoMoreBytesThanAllowedButAlwaysTheNewestFrame() {
        RecentFrames r = new RecentFrames(100, 1000, 1);
        for (long s = 1; s <= 10; s++) {
            r.append(s, frame(s, 296)); // 300 bytes with the 4-byte header
        }
        assertEquals(8, r.tail());
        assertEquals(900, r.bytes());
        r.append(11, frame(11, 4996));
        assertEquals(11, r.tail(), "an oversized frame is still held, alone");
        assertEquals(5000, r.bytes());
        r.append(12, frame(12, 10));
        assertEquals(12, r.tail());
    }

    @Test
    void writesShareTheFrameAndKeepItAliveUntilSent() {
        RecentFrames r = new RecentFrames(2, 1 << 20, 1);
        r.append(1, frame(1, 64));
        ByteBuf owned = r.get(1).bytes();
        assertTrue(owned.isDirect(), "sockets write it without a copy");
        for (int i = 0; i < 10; i++) {
            ByteBuf write = r.get(1).retainedMessage();
            write.skipBytes(10); // a socket consuming it moves only its own indices
            write.release();
        }
        assertEquals(66, owned.readableBytes());
        assertEquals(1, owned.refCnt(), "only the ring holds it");
        ByteBuf sending = r.get(1).retainedMessage();
        r.append(2, frame(2, 64));
        r.append(3, frame(3, 64)); // evicts 1
        assertNull(r.get(1));
        assertEquals(1, owned.refCnt(), "the write in flight keeps the evicted frame");
        assertArrayEquals(frame(1, 64), payload(sending));
        sending.release();
        assertEquals(0, owned.refCnt(), "freed once the last write is done, not at the next collection");
    }

    @Test
    void aFrameThatLeftTheRingGivesReadersNothing() {
        RecentFrames r = new RecentFrames(1, 1 << 20, 1);
        r.append(1, frame(1, 8));
        RecentFrames.Frame stale = r.get(1); // a reader looked it up ...
        r.append(2, frame(2, 8)); // ... and the appender evicted it before the reader took it
        assertEquals(0, stale.bytes().refCnt());
        assertNull(stale.retainedMessage(), "never released memory, never another frame's bytes");
        r.restartAt(5);
        assertNull(r.get(2));
    }

    @Test
    void erasingAndRestartingReleaseTheRingsFrames() {
        RecentFrames r = new RecentFrames(4, 1 << 20, 1);
        r.append(1, frame(1, 8));
        r.append(2, frame(2, 8));
        ByteBuf one = r.get(1).bytes();
        ByteBuf two = r.get(2).bytes();
        assertEquals(1, r.erase(payload -> payload[0] == (byte) 1));
        assertEquals(0, one.refCnt(), "an erased frame is freed at once");
        assertEquals(1, two.refCnt());
        r.restartAt(9);
        assertEquals(0, two.refCnt(), "a restart frees what the ring held");
    }

    @Test
    void framesAreWholeUnmaskedBinaryWebSocketMessages() {
        for (int n : new int[] {0, 1, 125, 126, 65_535, 65_536, 300_000}) {
            ByteBuf out = io.netty.buffer.Unpooled.buffer();
            RecentFrames.writeWireMessage(out, frame(n, n));
            byte[] wire = ByteBufUtil.getBytes(out);
            assertEquals((byte) 0x82, wire[0], "FIN and binary opcode");
            int lengthByte = wire[1] & 0xff;
            assertEquals(0, lengthByte & 0x80, "servers do not mask");
            long length;
            int header;
            if (lengthByte < 126) {
                length = lengthByte;
                header = 2;
            } else if (lengthByte == 126) {
                length = ((wire[2] & 0xff) << 8) | (wire[3] & 0xff);
                header = 4;
            } else {
                length = java.nio.ByteBuffer.wrap(wire, 2, 8).getLong();
                header = 10;
            }
            assertEquals(n, length);
            assertEquals(header + n, wire.length, "shortest length form, nothing after the payload");
            assertArrayEquals(frame(n, n), java.util.Arrays.copyOfRange(wire, header, wire.length));
        }
    }

    /** The payload of one of the ring's WebSocket messages (the tests' frames are under 64 KiB). */
    static byte[] payload(ByteBuf message) {
        byte[] wire = ByteBufUtil.getBytes(message);
        int header = (wire[1] & 0xff) < 126 ? 2 : 4;
        return java.util.Arrays.copyOfRange(wire, header, wire.length);
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

    @Test
    void erasedFramesBecomeHolesThatStillCountUntilEvicted() {
        RecentFrames r = new RecentFrames(4, 1000, 1);
        for (long s = 1; s <= 4; s++) {
            r.append(s, frame(s, 98)); // 100 bytes each with the header
        }
        int erased = r.erase(payload -> payload[0] == (byte) 2 || payload[0] == (byte) 4);
        assertEquals(2, erased);
        assertTrue(r.get(2).erased());
        assertNull(r.get(2).bytes());
        assertTrue(r.get(4).erased());
        assertArrayEquals(frame(3, 98), payload(r.get(3).bytes()));
        assertEquals(400, r.bytes(), "a hole keeps its bytes counted until it leaves the ring");
        assertEquals(0, r.erase(payload -> payload[0] == (byte) 2), "a hole is not erased twice");
        for (long s = 5; s <= 8; s++) {
            r.append(s, frame(s, 98));
        }
        assertEquals(5, r.tail());
        assertEquals(400, r.bytes(), "evicting holes gave their bytes back");
    }

    @Test
    void holesKeepTheSequenceGoing() {
        RecentFrames r = new RecentFrames(8, 1 << 20, 1);
        r.append(1, frame(1, 8));
        r.appendHole(2);
        r.appendHole(3);
        r.append(4, frame(4, 8));
        assertEquals(1, r.tail());
        assertEquals(4, r.head());
        assertTrue(r.get(3).erased());
        assertEquals(2 * 10, r.bytes(), "a hole appended holds no bytes");
        assertThrows(IllegalStateException.class, () -> r.appendHole(6), "holes come in sequence too");
    }
}
