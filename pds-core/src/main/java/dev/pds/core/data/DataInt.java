package dev.pds.core.data;

/** A signed 64-bit integer, the data model's only number type. */
public record DataInt(long value) implements DataValue {
}
