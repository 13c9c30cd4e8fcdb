package dev.pds.core.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Changes to server tables that become durable together, alone or with a commit. Applied in
 * the order given, so a range delete followed by puts inside the range keeps the puts.
 * Not thread-safe; build it on one thread and hand it over.
 */
public final class TableWrites {
    private enum Kind { PUT, DELETE, DELETE_RANGE }

    private record Change(Kind kind, Table table, byte[] key, byte[] value) {
    }

    /** Largest key accepted; table keys are identifiers, never data. */
    public static final int MAX_KEY_BYTES = 4096;

    private final List<Change> changes = new ArrayList<>();

    public static TableWrites create() {
        return new TableWrites();
    }

    public TableWrites put(Table table, byte[] key, byte[] value) {
        Objects.requireNonNull(value, "value");
        changes.add(new Change(Kind.PUT, Objects.requireNonNull(table, "table"), checkKey(key), value.clone()));
        return this;
    }

    public TableWrites delete(Table table, byte[] key) {
        changes.add(new Change(Kind.DELETE, Objects.requireNonNull(table, "table"), checkKey(key), null));
        return this;
    }

    /** Deletes every key starting with {@code prefix}. */
    public TableWrites deletePrefix(Table table, byte[] prefix) {
        byte[] from = checkKey(prefix);
        byte[] to = TableEntry.prefixEnd(from);
        changes.add(new Change(Kind.DELETE_RANGE, Objects.requireNonNull(table, "table"), from, to));
        return this;
    }

    /** Adds every change of {@code other} after this one's. */
    public TableWrites addAll(TableWrites other) {
        changes.addAll(other.changes);
        return this;
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    public int size() {
        return changes.size();
    }

    void addTo(BatchOps ops) {
        for (Change c : changes) {
            switch (c.kind) {
                case PUT -> ops.put(c.table.family(), c.key, c.value);
                case DELETE -> ops.delete(c.table.family(), c.key);
                case DELETE_RANGE -> ops.deleteRange(c.table.family(), c.key, c.value);
                default -> throw new IllegalStateException();
            }
        }
    }

    private static byte[] checkKey(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length == 0 || key.length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("table keys are 1.." + MAX_KEY_BYTES + " bytes, got " + key.length);
        }
        return key.clone();
    }
}
