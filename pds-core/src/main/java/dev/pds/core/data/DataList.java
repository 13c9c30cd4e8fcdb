package dev.pds.core.data;

import java.util.List;

/** An immutable list; elements may be {@link DataNull} but never Java null. */
public record DataList(List<DataValue> items) implements DataValue {
    public static final DataList EMPTY = new DataList(List.of());

    public DataList {
        items = List.copyOf(items);
    }

    public int size() {
        return items.size();
    }

    public DataValue get(int index) {
        return items.get(index);
    }
}
