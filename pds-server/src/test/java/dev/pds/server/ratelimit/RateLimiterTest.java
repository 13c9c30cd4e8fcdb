package dev.pds.server.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    static final RateLimit FIVE_A_MINUTE = new RateLimit("test", Duration.ofMinutes(1), 5);

    @Test
    void aKeyGetsItsPointsPerWindowThenIsRefusedUntilTheWindowEnds() {
        RateLimiter limiter = new RateLimiter();
        long t0 = 1_000_000;
        for (int i = 1; i <= 5; i++) {
            RateLimitStatus s = limiter.consume(FIVE_A_MINUTE, "alice", 1, t0 + i);
            assertEquals(5 - i, s.remaining());
            assertEquals(t0 + 1 + 60_000, s.resetAtMillis(), "the window starts with the first request");
        }
        RateLimitExceeded refused = assertThrows(RateLimitExceeded.class, () -> limiter.consume(FIVE_A_MINUTE, "alice", 1, t0 + 10));
        assertEquals(429, refused.status().code());
        assertEquals("RateLimitExceeded", refused.error());
        assertEquals("5", refused.responseHeaders().get("RateLimit-Limit"));
        assertEquals("0", refused.responseHeaders().get("RateLimit-Remaining"));
        assertEquals("5;w=60", refused.responseHeaders().get("RateLimit-Policy"));
        assertEquals("60", refused.responseHeaders().get("Retry-After"));
        assertEquals(4, limiter.consume(FIVE_A_MINUTE, "bob", 1, t0 + 11).remaining(), "other keys have their own count");
        assertEquals(4, limiter.consume(FIVE_A_MINUTE, "alice", 1, t0 + 1 + 60_000).remaining(), "a new window");
    }

    @Test
    void pointsAreWeightedAndLimitsOfOneNameShareTheirCounts() {
        RateLimiter limiter = new RateLimiter();
        RateLimit budget = new RateLimit("writes", Duration.ofHours(1), 10);
        assertEquals(7, limiter.consume(budget, "did:plc:a", 3, 0).remaining());
        assertEquals(5, limiter.consume(budget, "did:plc:a", 2, 1).remaining());
        assertThrows(RateLimitExceeded.class, () -> limiter.consume(budget, "did:plc:a", 6, 2));
        // a refused request still counts, so hammering does not reopen the limit
        assertThrows(RateLimitExceeded.class, () -> limiter.consume(budget, "did:plc:a", 1, 3));
    }

    @Test
    void heldKeysStayBounded() {
        RateLimiter limiter = new RateLimiter();
        for (int i = 0; i < RateLimiter.MAX_KEYS + 10; i++) {
            limiter.consume(FIVE_A_MINUTE, "k" + i, 1, i < RateLimiter.MAX_KEYS / 2 ? 0 : 120_000);
        }
        // the first half's windows had ended when the map filled up: they went, the rest stayed
        assertEquals(RateLimiter.MAX_KEYS / 2 + 10, limiter.size());
    }
}
