package dev.pds.core.data;

import java.util.List;

/**
 * A value of the atproto data model: null, boolean, 64-bit integer, string, bytes, CID link,
 * list, or map with string keys. No floats. Every implementation is immutable.
 */
public sealed interface DataValue
        permits DataNull, DataBool, DataInt, DataString, DataBytes, DataLink, DataList, DataMap {

    static DataValue of(String value) {
        return new DataString(value);
    }

    static DataValue of(long value) {
        return new DataInt(value);
    }

    static DataValue of(boolean value) {
        return DataBool.of(value);
    }

    static DataValue of(Cid link) {
        return new DataLink(link);
    }

    static DataValue of(byte[] bytes) {
        return new DataBytes(bytes);
    }

    static DataValue nullValue() {
        return DataNull.INSTANCE;
    }

    static DataList list(DataValue... items) {
        return new DataList(List.of(items));
    }

    static DataMap.Builder map() {
        return DataMap.builder();
    }
}
