package dev.pds.server.oauth.token;

import java.time.Duration;

/**
 * Token and session lifetimes as the atproto profile sets them: access tokens well under 30
 * minutes (ours are checked against their session on every call, so revocation is immediate
 * anyway); public clients' sessions and refresh tokens at most two weeks; confidential
 * clients' refresh tokens at most 180 days (we use 90), their sessions up to two years.
 */
public record Lifetimes(Duration access, Duration publicSession, Duration publicRefresh, Duration confidentialSession,
        Duration confidentialRefresh) {
    public static final Lifetimes PROFILE = new Lifetimes(Duration.ofMinutes(15), Duration.ofDays(14), Duration.ofDays(14),
            Duration.ofDays(730), Duration.ofDays(90));

    public Duration session(boolean confidential) {
        return confidential ? confidentialSession : publicSession;
    }

    public Duration refresh(boolean confidential) {
        return confidential ? confidentialRefresh : publicRefresh;
    }
}
