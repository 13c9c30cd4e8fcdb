package dev.pds.core.events;

/** The message types of {@code com.atproto.sync.subscribeRepos}, with the tag their frame header carries. */
public enum EventType {
    COMMIT("#commit"),
    SYNC("#sync"),
    IDENTITY("#identity"),
    ACCOUNT("#account"),
    INFO("#info");

    private final String tag;

    EventType(String tag) {
        this.tag = tag;
    }

    /** The header's {@code t} value, e.g. {@code #commit}. */
    public String tag() {
        return tag;
    }

    /** The type with this header tag, or null for a tag this server does not know. */
    public static EventType ofTag(String tag) {
        for (EventType t : values()) {
            if (t.tag.equals(tag)) {
                return t;
            }
        }
        return null;
    }
}
