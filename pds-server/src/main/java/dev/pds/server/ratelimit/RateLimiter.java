package dev.pds.server.ratelimit;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts points per limit and key in fixed windows that start with a key's first request, as
 * the reference's in-memory limiter does; a request over the limit is refused and still
 * counted, so that hammering does not reopen it. Held in memory (one server, as the reference
 * without Redis): a restart forgets the counts. At most {@link #MAX_KEYS} keys are held; past
 * that, ended windows are dropped, and if none have ended all counts start over (a burst of
 * that many distinct keys is an attack the counts could not stop anyway).
 */
public final class RateLimiter {
    static final int MAX_KEYS = 200_000;

    private record Window(long start, long length, long used) {
        boolean endedAt(long nowMillis) {
            return nowMillis - start >= length;
        }
    }

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    /**
     * Counts {@code points} for {@code key} against {@code limit}.
     *
     * @return the key's status after counting them
     * @throws RateLimitExceeded when that makes more than the limit's points in the window
     */
    public RateLimitStatus consume(RateLimit limit, String key, int points, long nowMillis) {
        if (windows.size() >= MAX_KEYS) {
            sweep(nowMillis);
        }
        long length = limit.window().toMillis();
        Window w = windows.compute(limit.name() + '\n' + key, (k, old) ->
                old == null || old.endedAt(nowMillis) ? new Window(nowMillis, length, points)
                        : new Window(old.start, length, old.used + points));
        long remaining = limit.points() - w.used;
        RateLimitStatus status = new RateLimitStatus(limit, (int) Math.max(0, remaining), w.start + length);
        if (remaining < 0) {
            throw new RateLimitExceeded(status, nowMillis);
        }
        return status;
    }

    /** Keys currently counted. */
    public int size() {
        return windows.size();
    }

    private void sweep(long nowMillis) {
        windows.values().removeIf(w -> w.endedAt(nowMillis));
        if (windows.size() >= MAX_KEYS) {
            windows.clear();
        }
    }
}
