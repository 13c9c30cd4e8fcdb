package dev.pds.server.auth;

/** What a method asks of its caller; checked by the dispatcher before the handler runs. */
public enum AuthRequirement {
    /** Anyone; credentials are ignored. */
    NONE,
    /**
     * Anyone, but valid credentials, when sent, are made available to the handler: an access
     * token, OAuth credentials or the admin password (Basic). Refuses a taken-down account's
     * token, as the reference's sync reads of records and commits do.
     */
    OPTIONAL,
    /**
     * As {@link #OPTIONAL}, and also a taken-down account's token: the export reads (getRepo,
     * getBlob, listBlobs), so that a taken-down user can still take their data elsewhere.
     */
    OPTIONAL_EXPORT,
    /** An access token of a full session or of any app password. */
    ACCESS,
    /**
     * As {@link #ACCESS}, or a service JWT the account signed itself for this method (a Bearer
     * token with an {@code lxm} claim), as the reference's {@code authorizationOrUserServiceAuth}:
     * how a video service hands its processed video to the user's PDS (uploadBlob).
     */
    ACCESS_OR_USER_SERVICE,
    /**
     * As {@link #ACCESS}, and also a taken-down account's token: getServiceAuth, which such an
     * account needs to create its account on another server.
     */
    ACCESS_EVEN_TAKENDOWN,
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
    ADMIN,
    /**
     * As {@link #ADMIN}, or a service JWT of the configured moderation service
     * ({@code PDS_MOD_SERVICE_DID}) for this method: the reference's "moderator" methods, which a
     * moderation service such as Ozone calls (takedowns, account info, mail to a user).
     */
    MODERATOR;

    /** Whether a caller without credentials is let through. */
    public boolean isOptional() {
        return this == OPTIONAL || this == OPTIONAL_EXPORT;
    }

    /** Whether the operator's password is what this asks for (and, for a moderator, what it takes besides). */
    public boolean isOperator() {
        return this == ADMIN || this == MODERATOR;
    }
}
