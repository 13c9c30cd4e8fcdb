package dev.pds.server.ratelimit;

import java.util.LinkedHashMap;
import java.util.Map;

/** Where one key stands against one limit after a request was counted. */
public record RateLimitStatus(RateLimit limit, int remaining, long resetAtMillis) {
    /** The headers the reference sets ({@code RateLimit-*}), exposed to browser apps. */
    public Map<String, String> headers() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("RateLimit-Limit", String.valueOf(limit.points()));
        h.put("RateLimit-Reset", String.valueOf(resetAtMillis / 1000));
        h.put("RateLimit-Remaining", String.valueOf(remaining));
        h.put("RateLimit-Policy", limit.policy());
        return h;
    }
}
