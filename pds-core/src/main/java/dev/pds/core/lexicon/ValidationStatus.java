package dev.pds.core.lexicon;

/** What the server answers as {@code validationStatus} for a record write. */
public enum ValidationStatus {
    /** The collection's lexicon is known and the record passed it. */
    VALID("valid"),
    /** No lexicon for the collection; the record was only checked as data. */
    UNKNOWN("unknown");

    private final String wireName;

    ValidationStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
