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
    /** A refresh token (refreshSession, deleteSession). */
    REFRESH,
    /** The admin password by HTTP Basic auth. */
    ADMIN
}
