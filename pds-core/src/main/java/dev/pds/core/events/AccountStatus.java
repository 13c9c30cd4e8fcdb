package dev.pds.core.events;

/**
 * An account's hosting status as an {@code #account} event reports it: active, or the reason it
 * is not (the lexicon's known values).
 */
public enum AccountStatus {
    ACTIVE(null),
    TAKENDOWN("takendown"),
    SUSPENDED("suspended"),
    DELETED("deleted"),
    DEACTIVATED("deactivated"),
    DESYNCHRONIZED("desynchronized"),
    THROTTLED("throttled");

    private final String wireName;

    AccountStatus(String wireName) {
        this.wireName = wireName;
    }

    public boolean active() {
        return this == ACTIVE;
    }

    /** The event's {@code status} value; null for an active account, which carries none. */
    public String wireName() {
        return wireName;
    }
}
