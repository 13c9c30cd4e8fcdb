package dev.pds.core.data;

/** A boolean. */
public record DataBool(boolean value) implements DataValue {
    public static final DataBool TRUE = new DataBool(true);
    public static final DataBool FALSE = new DataBool(false);

    public static DataBool of(boolean value) {
        return value ? TRUE : FALSE;
    }
}
