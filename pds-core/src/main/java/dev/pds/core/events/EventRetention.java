package dev.pds.core.events;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the event log keeps events for consumers that reconnect with a cursor: events older
 * than {@code maxAge}, and events beyond the newest {@code maxCount}, are pruned.
 */
public record EventRetention(Duration maxAge, long maxCount) {
    public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(72);
    public static final long DEFAULT_MAX_COUNT = 10_000_000;

    public EventRetention {
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxAge.isNegative() || maxAge.isZero() || maxCount < 1) {
            throw new IllegalArgumentException("retention must keep a positive age and count");
        }
    }

    public static EventRetention defaults() {
        return new EventRetention(DEFAULT_MAX_AGE, DEFAULT_MAX_COUNT);
    }
}
