package dev.pds.server.ratelimit;

import dev.pds.server.account.AccountStore;
import java.time.Clock;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;

/**
 * The login limits ({@link RateLimits#LOGIN_5_MIN}, {@link RateLimits#LOGIN_DAY}) for password
 * tries made outside XRPC: the OAuth sign-in forms. They count in the same limiter and under the
 * same keys as createSession, so a password guesser gets the same allowance whichever door it
 * uses. The reference leaves its OAuth sign-in unlimited (a to-do in its code).
 */
public final class LoginAttempts {
    private final RateLimiter limiter;
    private final Set<String> bypassIps;
    private final Clock clock;

    private LoginAttempts(RateLimiter limiter, Collection<String> bypassIps, Clock clock) {
        this.limiter = limiter;
        this.bypassIps = Set.copyOf(bypassIps);
        this.clock = clock;
    }

    /** Counted in {@code limiter}, which createSession's limits use too. */
    public static LoginAttempts counted(RateLimiter limiter, Collection<String> bypassIps, Clock clock) {
        return new LoginAttempts(Objects.requireNonNull(limiter, "limiter"), bypassIps, Objects.requireNonNull(clock, "clock"));
    }

    /** No limits ({@code PDS_RATE_LIMITS_ENABLED} off). */
    public static LoginAttempts unlimited() {
        return new LoginAttempts(null, Set.of(), Clock.systemUTC());
    }

    /**
     * The key both doors count a try under: the identifier as accounts are found by it (spaces
     * around it, a leading {@code @} and case do not make another key), and the address.
     */
    public static String key(String identifier, String clientIp) {
        String id = identifier.trim();
        return AccountStore.normalize(id.startsWith("@") ? id.substring(1) : id) + "-" + clientIp;
    }

    /**
     * Counts one password try.
     *
     * @throws RateLimitExceeded when the identifier and address have used their tries
     */
    public void count(String identifier, String clientIp) {
        if (limiter == null || bypassIps.contains(clientIp)) {
            return;
        }
        String key = key(identifier, clientIp);
        long now = clock.millis();
        limiter.consume(RateLimits.LOGIN_DAY, key, 1, now);
        limiter.consume(RateLimits.LOGIN_5_MIN, key, 1, now);
    }
}
