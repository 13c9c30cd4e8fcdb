package dev.pds.e2e.firehose;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A firehose consumer over a real WebSocket (the JDK's client): collects whole binary messages
 * and remembers how the server closed. Reading can be paused to play a slow consumer: the JDK
 * client then stops reading the socket, so TCP pushes back on the server.
 */
final class FirehoseClient implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(30);

    final BlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    final AtomicInteger pings = new AtomicInteger();
    volatile String closeReason;
    private final WebSocket socket;
    private volatile boolean paused;
    private volatile boolean owed;

    private FirehoseClient(URI uri, boolean paused) {
        this.paused = paused;
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(WAIT)
                .buildAsync(uri, new Listener()).orTimeout(30, TimeUnit.SECONDS).join();
    }

    /** Subscribes to {@code base}'s firehose; {@code query} is e.g. {@code "?cursor=5"} or {@code ""}. */
    static FirehoseClient connect(URI base, String query) {
        return new FirehoseClient(wsUri(base, query), false);
    }

    /** Subscribes without reading anything until {@link #resume}. */
    static FirehoseClient connectPaused(URI base, String query) {
        return new FirehoseClient(wsUri(base, query), true);
    }

    static URI wsUri(URI base, String query) {
        return URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/xrpc/com.atproto.sync.subscribeRepos" + query);
    }

    void resume() {
        paused = false;
        if (owed) {
            owed = false;
            socket.request(1);
        }
    }

    /** The next frame, failing after the wait. */
    byte[] next() throws InterruptedException {
        byte[] f = frames.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (f == null) {
            throw new AssertionError("no frame within " + WAIT + (closed.isDone() ? "; closed with " + closed.join() : ""));
        }
        return f;
    }

    /** The next {@code n} frames. */
    List<byte[]> next(int n) throws InterruptedException {
        List<byte[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(next());
        }
        return out;
    }

    /** The next frame if one comes within {@code millis}, else null. */
    byte[] poll(long millis) throws InterruptedException {
        return frames.poll(millis, TimeUnit.MILLISECONDS);
    }

    int awaitClose() {
        return closed.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

        @Override
        public void onOpen(WebSocket webSocket) {
            if (paused) {
                owed = true;
            } else {
                webSocket.request(1);
            }
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            partial.writeBytes(chunk);
            if (last) {
                frames.add(partial.toByteArray());
                partial.reset();
            }
            demand(webSocket);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            frames.add(("TEXT:" + data).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            demand(webSocket);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            pings.incrementAndGet();
            demand(webSocket);
            return null; // the JDK client answers with a pong itself
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            demand(webSocket);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeReason = reason;
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }

        private void demand(WebSocket webSocket) {
            if (paused) {
                owed = true;
            } else {
                webSocket.request(1);
            }
        }
    }
}
