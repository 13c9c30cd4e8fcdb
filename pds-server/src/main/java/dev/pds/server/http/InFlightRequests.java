package dev.pds.server.http;

import java.time.Duration;

/** Counts requests being processed, so a graceful shutdown can wait for them to finish. */
public final class InFlightRequests {
    private int count;

    public synchronized void begin() {
        count++;
    }

    public synchronized void end() {
        count--;
        if (count == 0) {
            notifyAll();
        }
    }

    public synchronized int count() {
        return count;
    }

    /** @return true when nothing is in flight any more, false when the timeout passed first */
    public synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            long millis = Math.max(1, left / 1_000_000);
            wait(millis);
        }
        return true;
    }
}
