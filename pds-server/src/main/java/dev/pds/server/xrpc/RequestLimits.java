package dev.pds.server.xrpc;

import dev.pds.server.ratelimit.RateLimitStatus;
import dev.pds.server.ratelimit.RateLimiter;
import dev.pds.server.ratelimit.RateLimits;
import java.time.Clock;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Counts each XRPC call against the global per-IP limit and its method's own limits
 * ({@link XrpcMethod#rateLimits()}), unless it carries the bypass key or comes from a bypassed
 * address; answers the tightest status, for the response's {@code RateLimit-*} headers.
 */
public final class RequestLimits {
    static final String GET_REPO = "com.atproto.sync.getRepo";
    static final String BYPASS_HEADER = "x-ratelimit-bypass";

    private final RateLimiter limiter;
    private final Optional<String> bypassKey;
    private final Set<String> bypassIps;
    private final Clock clock;

    public RequestLimits(RateLimiter limiter, Optional<String> bypassKey, Collection<String> bypassIps, Clock clock) {
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.bypassKey = Objects.requireNonNull(bypassKey, "bypassKey");
        this.bypassIps = Set.copyOf(bypassIps);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @return the status of the limit with the fewest points left, or null when none counted
     * @throws dev.pds.server.ratelimit.RateLimitExceeded when one is exceeded
     */
    RateLimitStatus check(XrpcMethod method, XrpcRequest request) {
        if (bypassKey.isPresent() && bypassKey.get().equals(request.header(BYPASS_HEADER).orElse(null))
                || bypassIps.contains(request.clientIp())) {
            return null;
        }
        long now = clock.millis();
        RateLimitStatus tightest = null;
        if (!GET_REPO.equals(request.nsid())) {
            tightest = limiter.consume(RateLimits.GLOBAL_IP, request.clientIp(), 1, now);
        }
        for (RouteLimit route : method.rateLimits()) {
            String key = route.key().apply(request);
            int points = route.points().applyAsInt(request);
            if (key == null || points < 1) {
                continue;
            }
            RateLimitStatus s = limiter.consume(route.limit(), key, points, now);
            if (tightest == null || s.remaining() < tightest.remaining()) {
                tightest = s;
            }
        }
        return tightest;
    }
}
