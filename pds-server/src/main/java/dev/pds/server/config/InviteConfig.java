package dev.pds.server.config;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Invite codes, with the reference's settings: whether sign-up needs one
 * ({@code PDS_INVITE_REQUIRED}, true unless set to false), and, when it does, how often an
 * account earns a code of its own ({@code PDS_INVITE_INTERVAL} in milliseconds; unset: never)
 * counted from {@code PDS_INVITE_EPOCH} (epoch milliseconds, default 0) or from the account's
 * creation if later. getAccountInviteCodes hands out what was earned, at most five unused at a time.
 */
public record InviteConfig(boolean required, Optional<Duration> interval, Instant epoch) {
    public InviteConfig {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(epoch, "epoch");
        interval.ifPresent(i -> {
            if (i.isZero() || i.isNegative()) {
                throw new IllegalArgumentException("interval must be positive: " + i);
            }
        });
    }

    /** Whether accounts earn codes over time: invites are required and an interval is set. */
    public boolean earned() {
        return required && interval.isPresent();
    }

    static InviteConfig from(EnvReader env) {
        long interval = env.integer("PDS_INVITE_INTERVAL", 0, 1, Long.MAX_VALUE);
        return new InviteConfig(env.bool("PDS_INVITE_REQUIRED", true),
                interval == 0 ? Optional.empty() : Optional.of(Duration.ofMillis(interval)),
                Instant.ofEpochMilli(env.integer("PDS_INVITE_EPOCH", 0, 0, Long.MAX_VALUE)));
    }
}
