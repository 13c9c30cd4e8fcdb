package dev.pds.server.oauth.dpop;

import dev.pds.server.oauth.OAuthException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers one-time values (DPoP proof {@code jti}s, client assertion {@code jti}s) for at
 * least a window, so a second use within it is seen. Two generations: values go into the
 * current one, both are consulted, and every window the older is dropped, so each value is
 * kept between one and two windows without per-entry timestamps. Bounded: when a generation
 * is full the server answers "try later" rather than forget values it promised to remember.
 */
public final class ReplayCache {
    private final long windowMillis;
    private final int maxPerGeneration;
    private final Clock clock;
    private volatile Set<String> current = ConcurrentHashMap.newKeySet();
    private volatile Set<String> previous = ConcurrentHashMap.newKeySet();
    private volatile long generationStart;

    /** @param window how long a value must at least be remembered (its validity period) */
    public ReplayCache(Duration window, int maxPerGeneration, Clock clock) {
        this.windowMillis = window.toMillis();
        this.maxPerGeneration = maxPerGeneration;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.generationStart = clock.millis();
    }

    /** True the first time a value is seen within the window, false on a replay. */
    public boolean firstUse(String value) {
        rotateIfDue();
        Set<String> now = current;
        if (previous.contains(value)) {
            return false;
        }
        if (now.size() >= maxPerGeneration) {
            throw new OAuthException("temporarily_unavailable", "Too many requests; try again shortly", 503, null);
        }
        return now.add(value);
    }

    private void rotateIfDue() {
        if (clock.millis() - generationStart >= windowMillis) {
            rotate();
        }
    }

    private synchronized void rotate() {
        long now = clock.millis();
        if (now - generationStart >= windowMillis) {
            // more than two windows idle: both generations are stale
            previous = now - generationStart >= 2 * windowMillis ? ConcurrentHashMap.newKeySet() : current;
            current = ConcurrentHashMap.newKeySet();
            generationStart = now;
        }
    }
}
