package dev.pds.core.repo;

/** What a write does to a record; {@link #lexName()} is the name in events and lexicons. */
public enum WriteAction {
    CREATE("create"),
    UPDATE("update"),
    DELETE("delete");

    private final String lexName;

    WriteAction(String lexName) {
        this.lexName = lexName;
    }

    public String lexName() {
        return lexName;
    }
}
