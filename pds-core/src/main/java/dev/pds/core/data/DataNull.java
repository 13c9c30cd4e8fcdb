package dev.pds.core.data;

/** The data model's null. */
public enum DataNull implements DataValue {
    INSTANCE;

    @Override
    public String toString() {
        return "null";
    }
}
