package dev.pds.server.auth;

/** What a method asks of its caller; checked by the dispatcher before the handler runs. */
public enum AuthRequirement {
    /** Anyone; credentials are ignored. */
    NONE,
    /** Anyone, but valid credentials, when sent, are made available to the handler. */
    OPTIONAL,
    /** An access token of a full session or of any app password. */
    ACCESS,
    /** An access token of a full session or a privileged app password (DMs, account settings). */
    ACCESS_PRIVILEGED,
    /** An access token of a full session only (creating app passwords, for instance). */
    ACCESS_FULL,
    /** A live refresh token: signed by us, unexpired, unused (or in its grace period), of a live session (refreshSession). */
    REFRESH,
    /**
     * A refresh token signed by us, even expired or of an ended session: deleteSession asks
     * this, so that logging out always works (as in the reference PDS).
     */
    REFRESH_EVEN_EXPIRED,
    /** The admin password by HTTP Basic auth. */
    ADMIN
}
