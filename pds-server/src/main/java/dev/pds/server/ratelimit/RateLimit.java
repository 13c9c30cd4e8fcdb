package dev.pds.server.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * At most {@code points} in each {@code window} per key (an IP address, an account, a login
 * identifier). Limits sharing a name share their counters: the reference's repo-write budgets
 * are spent by createRecord, putRecord, deleteRecord and applyWrites together.
 */
public record RateLimit(String name, Duration window, int points) {
    public RateLimit {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(window, "window");
        if (points < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a rate limit needs points and a window");
        }
    }

    /** The {@code RateLimit-Policy} header's form: {@code 30;w=300}. */
    public String policy() {
        return points + ";w=" + window.toSeconds();
    }
}
