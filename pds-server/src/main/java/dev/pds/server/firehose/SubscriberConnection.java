package dev.pds.server.firehose;

import dev.pds.core.events.ControlFrames;
import dev.pds.core.store.StoredEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscriber of the firehose, on its WebSocket channel. It pulls frames in sequence order:
 * from the shared {@link RecentFrames} when they are there, else from the log in pages (on the
 * firehose's reader threads), and writes only while the channel is writable, so a slow reader
 * holds at most Netty's write buffer plus one page. A subscriber that has reached the recent
 * frames and then falls further behind than they reach is too slow: it gets ConsumerTooSlow and
 * is closed. Everything but {@link #wake} and {@link #nextSeq} runs on the channel's event loop.
 */
final class SubscriberConnection extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriberConnection.class);
    private static final int FLUSH_EVERY = 128;
    /** A closing subscriber that does not read its last frames is cut off after this long. */
    private static final long CLOSE_GRACE_MILLIS = 5_000;

    private final Firehose hub;
    private final Long cursor;
    private final AtomicBoolean idle = new AtomicBoolean();
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> pings;
    private volatile long nextSeq = -1;
    /** Set once it has been served from the recent frames: from then on, falling out of them is too slow. */
    private volatile boolean live;
    private boolean reading;
    /** A page read from the log and not yet written (the channel was full when it came). */
    private List<StoredEvent> pendingPage;
    private long pendingFrom;
    private boolean pumping;
    private boolean pumpAgain;
    private volatile boolean closing;

    SubscriberConnection(Firehose hub, Long cursor) {
        this.hub = hub;
        this.cursor = cursor;
    }

    /** The next sequence number it will send; -1 before it has started. */
    long nextSeq() {
        return nextSeq;
    }

    boolean live() {
        return live && !closing;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        long ping = hub.config().pingInterval().toMillis();
        pings = ctx.executor().scheduleAtFixedRate(() -> ctx.writeAndFlush(new PingWebSocketFrame()), ping, ping,
                TimeUnit.MILLISECONDS);
        ctx.channel().closeFuture().addListener(f -> {
            closing = true;
            pings.cancel(false);
            hub.remove(this);
        });
        reading = true;
        hub.readers().execute(() -> {
            StartPoint start;
            try {
                start = StartPoint.of(cursor, hub.store());
            } catch (RuntimeException e) {
                ctx.executor().execute(() -> fail(e));
                return;
            }
            ctx.executor().execute(() -> begin(start));
        });
    }

    private void begin(StartPoint start) {
        reading = false;
        if (closing) {
            return;
        }
        if (start.futureCursor()) {
            closeWithError(ControlFrames.FUTURE_CURSOR, "Cursor in the future.");
            return;
        }
        if (start.outdated()) {
            ctx.write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(StartPoint.outdatedFrame())));
        }
        nextSeq = start.nextSeq();
        live = cursor == null;
        pump();
    }

    /** Called by the firehose when new frames are in: resumes the pump if it was waiting for them. */
    void wake() {
        if (idle.compareAndSet(true, false)) {
            ctx.executor().execute(this::pump);
        }
    }

    /** Called by the firehose when this subscriber is live and further behind than allowed. */
    void tooSlow() {
        ctx.executor().execute(() -> {
            if (!closing) {
                cutOff();
            }
        });
    }

    /** Ends a subscriber that fell too far behind, saying in the log how far and whether its socket was full. */
    private void cutOff() {
        LOG.info("Firehose subscriber {} too slow at seq {} (newest {}, socket {}): closing", ctx.channel().remoteAddress(),
                nextSeq, hub.recent().head(), ctx.channel().isWritable() ? "writable" : "full");
        hub.countTooSlow();
        closeWithError(ControlFrames.CONSUMER_TOO_SLOW, "Stream consumer too slow");
    }

    /**
     * Writes frames while the channel takes them and they are at hand. A flush can call back into
     * it (the channel turns writable again); such a call only asks for one more round.
     */
    private void pump() {
        if (pumping) {
            pumpAgain = true;
            return;
        }
        pumping = true;
        try {
            do {
                pumpAgain = false;
                pumpOnce();
            } while (pumpAgain);
        } finally {
            pumping = false;
        }
    }

    private void pumpOnce() {
        if (pendingPage != null) {
            if (closing || !ctx.channel().isWritable()) {
                return;
            }
            List<StoredEvent> page = pendingPage;
            pendingPage = null;
            emit(pendingFrom, page);
        }
        int unflushed = 0;
        while (!closing && !reading && ctx.channel().isWritable()) {
            long seq = nextSeq;
            RecentFrames.Frame frame = hub.recent().find(seq);
            if (frame == null) {
                // caught up: wait for wake(), checking again after saying so, in case frames came in between
                idle.set(true);
                if (seq <= hub.recent().head() && idle.compareAndSet(true, false)) {
                    continue;
                }
                break;
            }
            if (frame.gone()) {
                if (live) {
                    // below the recent frames after having reached them: it fell behind
                    cutOff();
                    return;
                }
                readPage(seq);
                break;
            }
            if (frame.erased()) {
                live = true;
                nextSeq = seq + 1;
                continue;
            }
            ByteBuf message = frame.retainedMessage();
            if (message == null) {
                continue; // evicted or erased since the lookup: the slot says which now
            }
            live = true;
            // already a WebSocket message: past the frame encoder untouched, no copy
            ctx.write(message);
            nextSeq = seq + 1;
            if (++unflushed >= FLUSH_EVERY) {
                ctx.flush();
                unflushed = 0;
            }
        }
        if (unflushed > 0) {
            ctx.flush();
        }
    }

    /** Reads the next page of the log off the event loop, then writes it. */
    private void readPage(long from) {
        reading = true;
        hub.readers().execute(() -> {
            List<StoredEvent> page;
            try {
                page = hub.store().log().events(from - 1, hub.config().backfillPageEvents(), Firehose.PAGE_BYTES);
            } catch (RuntimeException e) {
                ctx.executor().execute(() -> fail(e));
                return;
            }
            ctx.executor().execute(() -> writePage(from, page));
        });
    }

    private void writePage(long from, List<StoredEvent> page) {
        reading = false;
        if (closing) {
            return;
        }
        pendingPage = page;
        pendingFrom = from;
        pump();
    }

    /**
     * Writes a page read from the log, then reads the next one while the socket drains this one:
     * at most one page is written ahead of the socket and one waits in memory.
     */
    private void emit(long from, List<StoredEvent> page) {
        long next = page.isEmpty() ? hub.recent().tail() : page.get(0).seq();
        if (next > from) {
            if (droppedByRetention(from)) {
                // retention dropped events this subscriber had not read yet
                ctx.write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(StartPoint.outdatedFrame())));
            }
            nextSeq = next; // past the dropped events, or past erased ones, which are simply skipped
        }
        if (!page.isEmpty()) {
            // the whole page as WebSocket messages in one buffer: one write, past the frame encoder
            int total = 0;
            for (StoredEvent e : page) {
                total += RecentFrames.wireLength(e.frame().length);
            }
            ByteBuf out = ctx.alloc().directBuffer(total);
            for (StoredEvent e : page) {
                RecentFrames.writeWireMessage(out, e.frame());
            }
            ctx.write(out);
            nextSeq = page.get(page.size() - 1).seq() + 1;
        }
        ctx.flush();
        hub.countBackfilled(page.size());
        if (!page.isEmpty() && !reading && !live && nextSeq < hub.recent().tail()) {
            readPage(nextSeq);
        }
    }

    /**
     * Whether {@code seq} is gone because retention dropped the log's start, rather than being
     * a hole left by an erased event (an account deleted for good), which readers just skip.
     */
    private boolean droppedByRetention(long seq) {
        return seq < hub.store().log().retainedFrom();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            pump();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof PingWebSocketFrame ping) {
                ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
            } else if (msg instanceof CloseWebSocketFrame close) {
                closing = true;
                ctx.writeAndFlush(new CloseWebSocketFrame(close.statusCode(), close.reasonText()))
                        .addListener(ChannelFutureListener.CLOSE);
            }
            // pongs keep the connection alive by arriving; the stream is one-way, so data frames are ignored
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            LOG.debug("Firehose subscriber {} silent through three pings: closing", ctx.channel().remoteAddress());
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("Firehose subscriber {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    /** The server is stopping: say so and close. */
    void goingAway() {
        ctx.executor().execute(() -> close(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE, "server shutting down"));
    }

    /** An error frame, then a policy close naming the error, as the reference server ends a stream. */
    void closeWithError(String error, String message) {
        ctx.write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(ControlFrames.error(error, message))));
        close(WebSocketCloseStatus.POLICY_VIOLATION, error);
    }

    private void close(WebSocketCloseStatus status, String reason) {
        if (closing) {
            return;
        }
        closing = true;
        ctx.writeAndFlush(new CloseWebSocketFrame(status.code(), reason)).addListener(ChannelFutureListener.CLOSE);
        ctx.executor().schedule(() -> {
            ctx.close();
        }, CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void fail(RuntimeException e) {
        LOG.error("Firehose subscriber {}: reading the event log failed", ctx.channel().remoteAddress(), e);
        close(WebSocketCloseStatus.INTERNAL_SERVER_ERROR, "InternalServerError");
    }
}
