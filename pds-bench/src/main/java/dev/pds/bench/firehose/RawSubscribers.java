package dev.pds.bench.firehose;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many firehose subscribers on one selector thread, reading unmasked binary WebSocket messages
 * and nothing more: a client light enough that a fan-out measurement in one JVM shows the
 * server, not the client. (The JDK's WebSocket client costs several times more per message.)
 */
final class RawSubscribers implements AutoCloseable {
    final List<Sub> subs = new ArrayList<>();
    private final Selector selector;
    private final Thread thread;
    private volatile boolean closed;

    /** One connection: counts messages up to {@code lastSeq}; notes arrival times by seq when {@code timed}. */
    static final class Sub {
        final SocketChannel channel;
        final long lastSeq;
        final CountDownLatch done = new CountDownLatch(1);
        final AtomicLong frames = new AtomicLong();
        final Map<Long, Long> timed;
        ByteBuffer in = ByteBuffer.allocate(1 << 20);
        boolean upgraded;

        Sub(SocketChannel channel, long lastSeq, boolean timed) {
            this.channel = channel;
            this.lastSeq = lastSeq;
            this.timed = timed ? new ConcurrentHashMap<>() : null;
        }
    }

    RawSubscribers(int port, String query, int count, long lastSeq, int timeEvery) throws IOException {
        selector = Selector.open();
        for (int i = 0; i < count; i++) {
            SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            ch.socket().setTcpNoDelay(true);
            String key = Base64.getEncoder().encodeToString(("bench-key-" + i + "-0000").substring(0, 16).getBytes(StandardCharsets.US_ASCII));
            String request = "GET /xrpc/com.atproto.sync.subscribeRepos" + query + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
                    + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
            ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
            while (out.hasRemaining()) {
                ch.write(out);
            }
            ch.configureBlocking(false);
            Sub s = new Sub(ch, lastSeq, timeEvery > 0 && i % timeEvery == 0);
            ch.register(selector, SelectionKey.OP_READ, s);
            subs.add(s);
        }
        thread = new Thread(this::run, "raw-subscribers");
        thread.start();
    }

    private void run() {
        try {
            while (!closed) {
                selector.select(100);
                for (SelectionKey k : selector.selectedKeys()) {
                    read((Sub) k.attachment());
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            if (!closed) {
                throw new RuntimeException(e);
            }
        }
    }

    private void read(Sub s) throws IOException {
        if (s.channel.read(s.in) < 0) {
            s.channel.close();
            return;
        }
        long now = System.nanoTime();
        ByteBuffer b = s.in;
        b.flip();
        if (!s.upgraded) {
            int end = headersEnd(b);
            if (end < 0) {
                b.compact();
                return;
            }
            String head = new String(b.array(), 0, end, StandardCharsets.US_ASCII);
            if (!head.startsWith("HTTP/1.1 101")) {
                throw new IllegalStateException("no upgrade: " + head);
            }
            b.position(end);
            s.upgraded = true;
        }
        while (b.remaining() >= 2) {
            int start = b.position();
            int op = b.get(start) & 0x0f;
            int len7 = b.get(start + 1) & 0x7f;
            int header = len7 < 126 ? 2 : len7 == 126 ? 4 : 10;
            if (b.remaining() < header) {
                break;
            }
            long len = len7 < 126 ? len7 : len7 == 126 ? (b.getShort(start + 2) & 0xffff) : b.getLong(start + 2);
            if (b.remaining() < header + len) {
                if (header + len > b.capacity()) {
                    ByteBuffer bigger = ByteBuffer.allocate((int) (header + len) * 2);
                    bigger.put(b);
                    bigger.flip();
                    s.in = b = bigger;
                }
                break;
            }
            if (op == 2) {
                s.frames.incrementAndGet();
                long seq = FirehoseBench.seqOf(b.array(), start + header, (int) len);
                if (s.timed != null) {
                    s.timed.put(seq, now);
                }
                if (seq >= s.lastSeq) {
                    s.done.countDown();
                }
            }
            b.position(start + header + (int) len);
        }
        b.compact();
    }

    private static int headersEnd(ByteBuffer b) {
        for (int i = b.position(); i + 3 < b.limit(); i++) {
            if (b.get(i) == '\r' && b.get(i + 1) == '\n' && b.get(i + 2) == '\r' && b.get(i + 3) == '\n') {
                return i + 4;
            }
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Sub s : subs) {
            s.channel.close();
        }
        selector.close();
    }
}
