package dev.pds.server.ratelimit;

import dev.pds.core.error.ErrorStatus;
import dev.pds.core.error.XrpcException;
import dev.pds.server.http.HeaderedError;
import java.util.Map;

/** 429 RateLimitExceeded, with the limit's headers and Retry-After, as the reference answers. */
public final class RateLimitExceeded extends XrpcException implements HeaderedError {
    private final transient RateLimitStatus status;
    private final long nowMillis;

    RateLimitExceeded(RateLimitStatus status, long nowMillis) {
        super(ErrorStatus.RATE_LIMIT_EXCEEDED, "RateLimitExceeded", "Rate Limit Exceeded");
        this.status = status;
        this.nowMillis = nowMillis;
    }

    public RateLimitStatus limitStatus() {
        return status;
    }

    @Override
    public Map<String, String> responseHeaders() {
        Map<String, String> h = status.headers();
        h.put("Retry-After", String.valueOf(Math.max(1, (status.resetAtMillis() - nowMillis + 999) / 1000)));
        h.put("Access-Control-Expose-Headers", "RateLimit-Limit, RateLimit-Reset, RateLimit-Remaining, RateLimit-Policy, Retry-After");
        return h;
    }
}
