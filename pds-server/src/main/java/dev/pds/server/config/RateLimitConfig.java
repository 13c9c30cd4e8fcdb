package dev.pds.server.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The reference's rate-limit settings: {@code PDS_RATE_LIMITS_ENABLED} (default false),
 * {@code PDS_RATE_LIMIT_BYPASS_KEY} (a request with this {@code x-ratelimit-bypass} header is
 * not counted) and {@code PDS_RATE_LIMIT_BYPASS_IPS} (addresses never counted; a {@code /prefix}
 * is dropped, as the reference drops it).
 */
public record RateLimitConfig(boolean enabled, Optional<String> bypassKey, List<String> bypassIps) {
    public RateLimitConfig {
        Objects.requireNonNull(bypassKey, "bypassKey");
        bypassIps = List.copyOf(bypassIps);
    }

    public static RateLimitConfig off() {
        return new RateLimitConfig(false, Optional.empty(), List.of());
    }

    static RateLimitConfig from(EnvReader env) {
        return new RateLimitConfig(env.bool("PDS_RATE_LIMITS_ENABLED", false), env.string("PDS_RATE_LIMIT_BYPASS_KEY"),
                env.list("PDS_RATE_LIMIT_BYPASS_IPS").stream().map(ip -> ip.split("/")[0].trim()).filter(ip -> !ip.isEmpty()).toList());
    }
}
