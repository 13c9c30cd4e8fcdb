package dev.pds.server.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The explicit limits of the HTTP front door.
 *
 * @param maxJsonBodyBytes  largest request body accepted outside streaming uploads (413 above it)
 * @param idleTimeout       a connection with no traffic and no request in progress for this long is closed
 * @param workerThreads     threads that run XRPC method handlers
 * @param workerQueue       calls that may wait for a worker; beyond it the answer is 503
 * @param shutdownTimeout   how long a graceful shutdown waits for requests in progress
 */
public record HttpLimits(
        int maxJsonBodyBytes, Duration idleTimeout, int workerThreads, int workerQueue, Duration shutdownTimeout) {

    public static final int DEFAULT_MAX_JSON_BODY_BYTES = 2 * 1024 * 1024;

    public HttpLimits {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        if (maxJsonBodyBytes < 1) {
            throw new IllegalArgumentException("maxJsonBodyBytes must be positive");
        }
        if (workerThreads < 1 || workerQueue < 1) {
            throw new IllegalArgumentException("workerThreads and workerQueue must be positive");
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero() || shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }

    public static HttpLimits defaults() {
        // handlers block while their commit waits for the synced group write: threads are cheap, group size is not
        int threads = Math.max(32, 8 * Runtime.getRuntime().availableProcessors());
        return new HttpLimits(DEFAULT_MAX_JSON_BODY_BYTES, Duration.ofSeconds(60), threads, 512, Duration.ofSeconds(10));
    }
}
