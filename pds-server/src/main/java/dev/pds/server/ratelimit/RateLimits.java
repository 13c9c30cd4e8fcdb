package dev.pds.server.ratelimit;

import java.time.Duration;

/** The reference PDS's limits, by its names and numbers. */
public final class RateLimits {
    /** Every XRPC call but getRepo, per IP address. */
    public static final RateLimit GLOBAL_IP = new RateLimit("global-ip", Duration.ofMinutes(5), 3000);
    /** Repo writes per account, shared by the write methods: a create costs 3, an update 2, a delete 1. */
    public static final RateLimit REPO_WRITE_HOUR = new RateLimit("repo-write-hour", Duration.ofHours(1), 5000);
    public static final RateLimit REPO_WRITE_DAY = new RateLimit("repo-write-day", Duration.ofDays(1), 35000);
    /** Logins per identifier and IP address. */
    public static final RateLimit LOGIN_5_MIN = new RateLimit("createSession-5m", Duration.ofMinutes(5), 30);
    public static final RateLimit LOGIN_DAY = new RateLimit("createSession-day", Duration.ofDays(1), 300);
    /** Sign-ups per IP address. */
    public static final RateLimit SIGN_UP = new RateLimit("createAccount-5m", Duration.ofMinutes(5), 100);
    /** Handle changes per account (each one is a PLC operation). */
    public static final RateLimit HANDLE_5_MIN = new RateLimit("updateHandle-5m", Duration.ofMinutes(5), 10);
    public static final RateLimit HANDLE_DAY = new RateLimit("updateHandle-day", Duration.ofDays(1), 50);
    /** Blob uploads per IP address. */
    public static final RateLimit UPLOAD_DAY = new RateLimit("uploadBlob-day", Duration.ofDays(1), 1000);
    /** Repo exports per IP address (outside the global limit). */
    public static final RateLimit GET_REPO = new RateLimit("getRepo-5m", Duration.ofMinutes(5), 6000);

    /** Reset mails per IP address, and uses of a reset code (its guesses) per IP address. */
    public static final RateLimit RESET_REQUEST_HOUR = new RateLimit("requestPasswordReset-hour", Duration.ofHours(1), 15);
    public static final RateLimit RESET_REQUEST_DAY = new RateLimit("requestPasswordReset-day", Duration.ofDays(1), 50);
    public static final RateLimit RESET_PASSWORD = new RateLimit("resetPassword-5m", Duration.ofMinutes(5), 50);
    /** Deletion mails per account, and uses of a deletion code per IP address. */
    public static final RateLimit DELETE_REQUEST_HOUR = new RateLimit("requestAccountDelete-hour", Duration.ofHours(1), 5);
    public static final RateLimit DELETE_REQUEST_DAY = new RateLimit("requestAccountDelete-day", Duration.ofDays(1), 15);
    public static final RateLimit DELETE_ACCOUNT = new RateLimit("deleteAccount-5m", Duration.ofMinutes(5), 50);
    /** Confirmation and address-change mails per account. */
    public static final RateLimit CONFIRM_REQUEST_HOUR = new RateLimit("requestEmailConfirmation-hour", Duration.ofHours(1), 5);
    public static final RateLimit CONFIRM_REQUEST_DAY = new RateLimit("requestEmailConfirmation-day", Duration.ofDays(1), 15);
    public static final RateLimit UPDATE_REQUEST_HOUR = new RateLimit("requestEmailUpdate-hour", Duration.ofHours(1), 5);
    public static final RateLimit UPDATE_REQUEST_DAY = new RateLimit("requestEmailUpdate-day", Duration.ofDays(1), 15);

    private RateLimits() {
    }
}
