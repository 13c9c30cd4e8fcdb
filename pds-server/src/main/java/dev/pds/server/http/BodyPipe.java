package dev.pds.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.stream.ChunkedInput;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Carries a body produced on a worker thread to the event loop that sends it, with bounded
 * memory: the producer writes to {@link #output()}, which blocks while {@link #MAX_QUEUED}
 * chunks wait to be sent; Netty's ChunkedWriteHandler reads chunks as the socket takes them
 * and is told to resume whenever a new one is ready. A producer stalled longer than the stall
 * timeout (a client that stopped reading) fails instead of holding its thread forever.
 */
final class BodyPipe implements ChunkedInput<ByteBuf> {
    static final int CHUNK_BYTES = 64 * 1024;
    static final int MAX_QUEUED = 4;

    private final long length;
    private final long stallNanos;
    private final Runnable resume;
    private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>();
    private long produced;
    private long sent;
    private boolean finished;
    private boolean abandoned;
    private Throwable failure;

    /**
     * @param length exact body length, or -1 when unknown
     * @param resume called (from the producer's thread) when a chunk is ready or the body ended
     */
    BodyPipe(long length, long stallTimeoutMillis, Runnable resume) {
        this.length = length;
        this.stallNanos = TimeUnit.MILLISECONDS.toNanos(stallTimeoutMillis);
        this.resume = Objects.requireNonNull(resume, "resume");
    }

    /** The producer's end; closing it does not end the body, {@link #finish()} does. */
    OutputStream output() {
        return new OutputStream() {
            private byte[] chunk = new byte[CHUNK_BYTES];
            private int filled;

            @Override
            public void write(int b) throws IOException {
                if (filled == chunk.length) {
                    flush();
                }
                chunk[filled++] = (byte) b;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                Objects.checkFromIndexSize(off, len, b.length);
                while (len > 0) {
                    if (filled == chunk.length) {
                        flush();
                    }
                    int n = Math.min(len, chunk.length - filled);
                    System.arraycopy(b, off, chunk, filled, n);
                    filled += n;
                    off += n;
                    len -= n;
                }
            }

            @Override
            public void flush() throws IOException {
                if (filled > 0) {
                    put(Unpooled.wrappedBuffer(chunk, 0, filled));
                    chunk = new byte[CHUNK_BYTES];
                    filled = 0;
                }
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    private void put(ByteBuf chunk) throws IOException {
        synchronized (this) {
            long deadline = System.nanoTime() + stallNanos;
            while (queue.size() >= MAX_QUEUED && !abandoned) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    abandoned = true;
                    throw new IOException("the client stopped reading the response");
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while sending the response", e);
                }
            }
            if (abandoned) {
                chunk.release();
                throw new IOException("the response is no longer being sent (client gone)");
            }
            produced += chunk.readableBytes();
            if (length >= 0 && produced > length) {
                chunk.release();
                throw new IOException("the body is longer than the " + length + " bytes announced");
            }
            queue.add(chunk);
        }
        resume.run();
    }

    /** The producer wrote the whole body. */
    void finish() {
        synchronized (this) {
            if (length >= 0 && produced != length && failure == null) {
                failure = new IOException("the body has " + produced + " bytes, not the " + length + " announced");
            }
            finished = true;
        }
        resume.run();
    }

    /** The producer failed: the send fails too, and the connection is closed by the writer. */
    void fail(Throwable cause) {
        synchronized (this) {
            if (failure == null) {
                failure = cause;
            }
            finished = true;
        }
        resume.run();
    }

    @Override
    public synchronized boolean isEndOfInput() {
        return finished && failure == null && queue.isEmpty();
    }

    @Override
    @Deprecated
    public ByteBuf readChunk(io.netty.channel.ChannelHandlerContext ctx) throws Exception {
        return readChunk(ctx.alloc());
    }

    @Override
    public synchronized ByteBuf readChunk(ByteBufAllocator allocator) throws Exception {
        ByteBuf next = queue.poll();
        if (next != null) {
            sent += next.readableBytes();
            notifyAll();
            return next;
        }
        if (failure != null) {
            throw new IOException("producing the response body failed", failure);
        }
        return null;
    }

    /** Called by Netty when the send ends, normally or not: a blocked producer gives up. */
    @Override
    public synchronized void close() {
        abandoned = true;
        ByteBuf left;
        while ((left = queue.poll()) != null) {
            left.release();
        }
        notifyAll();
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public synchronized long progress() {
        return sent;
    }
}
