package dev.pds.server.account;

/** Whether an account may act and be served; the names are the protocol's {@code status} values. */
public enum AccountStatus {
    ACTIVE(null),
    DEACTIVATED("deactivated"),
    TAKENDOWN("takendown"),
    SUSPENDED("suspended");

    private final String wireName;

    AccountStatus(String wireName) {
        this.wireName = wireName;
    }

    /** The {@code status} string of getSession and #account events; null when active. */
    public String wireName() {
        return wireName;
    }

    public boolean isActive() {
        return this == ACTIVE;
    }

    static AccountStatus parse(String s) {
        for (AccountStatus v : values()) {
            if (v.name().equals(s)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown account status " + s);
    }
}
