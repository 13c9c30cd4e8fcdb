package dev.pds.server.xrpc;

import dev.pds.server.ratelimit.RateLimit;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * A rate limit a method declares: what the request is counted under (its key; null for not
 * counted) and how many points it spends.
 */
public record RouteLimit(RateLimit limit, Function<XrpcRequest, String> key, ToIntFunction<XrpcRequest> points) {
    public RouteLimit {
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(points, "points");
    }

    /** One point per request from the caller's IP address (the reference's default key). */
    public static RouteLimit perIp(RateLimit limit) {
        return new RouteLimit(limit, XrpcRequest::clientIp, r -> 1);
    }

    /** {@code points} per request of the calling account. */
    public static RouteLimit perAccount(RateLimit limit, ToIntFunction<XrpcRequest> points) {
        return new RouteLimit(limit, r -> r.auth().requireDid().toString(), points);
    }
}
