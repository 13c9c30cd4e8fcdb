package dev.pds.core.data;

import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable map with string keys, held in canonical DAG-CBOR key order (UTF-8 length first,
 * then bytewise), so iteration order is the encoding order and encoding needs no sort.
 */
public final class DataMap implements DataValue {
    public static final DataMap EMPTY = new DataMap(new String[0], new byte[0][], new DataValue[0]);

    private final String[] keys;
    private final byte[][] keyUtf8; // kept for the encoder and for lookups by binary search
    private final DataValue[] values;

    /** Takes ownership of arrays already in canonical order with distinct keys. */
    DataMap(String[] keys, byte[][] keyUtf8, DataValue[] values) {
        this.keys = keys;
        this.keyUtf8 = keyUtf8;
        this.values = values;
    }

    public static DataMap of(Map<String, ? extends DataValue> map) {
        Builder b = new Builder(map.size());
        map.forEach(b::put);
        return b.build();
    }

    public static DataMap of(String k1, DataValue v1) {
        return builder().put(k1, v1).build();
    }

    public static DataMap of(String k1, DataValue v1, String k2, DataValue v2) {
        return builder().put(k1, v1).put(k2, v2).build();
    }

    public static Builder builder() {
        return new Builder(8);
    }

    public int size() {
        return keys.length;
    }

    public boolean isEmpty() {
        return keys.length == 0;
    }

    /** The value for {@code key}, or Java null when absent (a present null is {@link DataNull}). */
    public DataValue get(String key) {
        int i = indexOf(key);
        return i < 0 ? null : values[i];
    }

    public boolean containsKey(String key) {
        return indexOf(key) >= 0;
    }

    /** The string at {@code key}, or null when absent or not a string. */
    public String getString(String key) {
        return get(key) instanceof DataString s ? s.value() : null;
    }

    /** The link at {@code key}, or null when absent or not a link. */
    public Cid getLink(String key) {
        return get(key) instanceof DataLink l ? l.cid() : null;
    }

    /** The map at {@code key}, or null when absent or not a map. */
    public DataMap getMap(String key) {
        return get(key) instanceof DataMap m ? m : null;
    }

    /** The list at {@code key}, or null when absent or not a list. */
    public DataList getList(String key) {
        return get(key) instanceof DataList l ? l : null;
    }

    /** Visits the entries in canonical order without allocating entry objects. */
    public void forEach(java.util.function.BiConsumer<String, DataValue> action) {
        for (int i = 0; i < keys.length; i++) {
            action.accept(keys[i], values[i]);
        }
    }

    /** Keys in canonical order. */
    public List<String> keys() {
        return List.of(keys);
    }

    /** Entries in canonical order. */
    public List<Map.Entry<String, DataValue>> entries() {
        return new AbstractList<>() {
            @Override
            public Map.Entry<String, DataValue> get(int i) {
                return new AbstractMap.SimpleImmutableEntry<>(keys[i], values[i]);
            }

            @Override
            public int size() {
                return keys.length;
            }
        };
    }

    /** A plain Java map view (copy), in canonical order. */
    public Map<String, DataValue> toMap() {
        Map<String, DataValue> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keys.length; i++) {
            m.put(keys[i], values[i]);
        }
        return m;
    }

    /** A builder holding this map's entries, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder(keys.length + 4);
        for (int i = 0; i < keys.length; i++) {
            b.put(keys[i], values[i]);
        }
        return b;
    }

    String keyAt(int i) {
        return keys[i];
    }

    byte[] keyUtf8At(int i) {
        return keyUtf8[i];
    }

    DataValue valueAt(int i) {
        return values[i];
    }

    private int indexOf(String key) {
        if (keys.length <= 8) {
            for (int i = 0; i < keys.length; i++) {
                if (keys[i].equals(key)) {
                    return i;
                }
            }
            return -1;
        }
        byte[] k = key.getBytes(StandardCharsets.UTF_8); // a key with bad surrogates simply finds nothing
        int lo = 0;
        int hi = keys.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = compareKeys(keyUtf8[mid], k);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /** DAG-CBOR map key order: shorter UTF-8 first, then unsigned bytewise. */
    static int compareKeys(byte[] a, byte[] b) {
        if (a.length != b.length) {
            return a.length < b.length ? -1 : 1;
        }
        return Arrays.compareUnsigned(a, b);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataMap m && Arrays.equals(keys, m.keys) && Arrays.equals(values, m.values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(keys) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < keys.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(keys[i]).append('=').append(values[i]);
        }
        return sb.append('}').toString();
    }

    /**
     * Collects entries in any order; a later put of the same key replaces the earlier value.
     * Arrays rather than a HashMap: most maps (MST entries, strong refs) have a handful of keys.
     */
    public static final class Builder {
        private static final int SCAN_LIMIT = 16;

        private String[] keys;
        private DataValue[] values;
        private int size;
        private HashMap<String, Integer> index; // only for large maps; null when stale

        private Builder(int capacity) {
            keys = new String[Math.max(4, capacity)];
            values = new DataValue[keys.length];
        }

        public Builder put(String key, DataValue value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            int i = find(key);
            if (i >= 0) {
                values[i] = value;
            } else {
                append(key, value);
            }
            return this;
        }

        public Builder put(String key, String value) {
            return put(key, new DataString(value));
        }

        public Builder put(String key, long value) {
            return put(key, new DataInt(value));
        }

        public Builder put(String key, boolean value) {
            return put(key, DataBool.of(value));
        }

        public Builder put(String key, Cid link) {
            return put(key, new DataLink(link));
        }

        public Builder put(String key, byte[] bytes) {
            return put(key, new DataBytes(bytes));
        }

        public Builder putNull(String key) {
            return put(key, DataNull.INSTANCE);
        }

        /** Adds the entry unless the key is present; returns whether it was added. */
        boolean putIfAbsent(String key, DataValue value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            if (find(key) >= 0) {
                return false;
            }
            append(key, value);
            return true;
        }

        public boolean containsKey(String key) {
            return find(key) >= 0;
        }

        public Builder remove(String key) {
            int i = find(key);
            if (i >= 0) {
                System.arraycopy(keys, i + 1, keys, i, size - i - 1);
                System.arraycopy(values, i + 1, values, i, size - i - 1);
                size--;
                keys[size] = null;
                values[size] = null;
                index = null;
            }
            return this;
        }

        private int find(String key) {
            if (size <= SCAN_LIMIT) {
                for (int i = 0; i < size; i++) {
                    if (keys[i].equals(key)) {
                        return i;
                    }
                }
                return -1;
            }
            if (index == null) {
                index = new HashMap<>(size * 2);
                for (int i = 0; i < size; i++) {
                    index.put(keys[i], i);
                }
            }
            Integer i = index.get(key);
            return i == null ? -1 : i;
        }

        private void append(String key, DataValue value) {
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            keys[size] = key;
            values[size] = value;
            if (index != null) {
                index.put(key, size);
            }
            size++;
        }

        public DataMap build() {
            int n = size;
            if (n == 0) {
                return EMPTY;
            }
            String[] ks = Arrays.copyOf(keys, n);
            DataValue[] vs = Arrays.copyOf(values, n);
            byte[][] ku = new byte[n][];
            for (int i = 0; i < n; i++) {
                ku[i] = Utf8.encode(ks[i]);
            }
            if (n <= SCAN_LIMIT) {
                // insertion sort: fastest for the few keys most maps have
                for (int i = 1; i < n; i++) {
                    byte[] u = ku[i];
                    String k = ks[i];
                    DataValue v = vs[i];
                    int j = i - 1;
                    while (j >= 0 && compareKeys(ku[j], u) > 0) {
                        ku[j + 1] = ku[j];
                        ks[j + 1] = ks[j];
                        vs[j + 1] = vs[j];
                        j--;
                    }
                    ku[j + 1] = u;
                    ks[j + 1] = k;
                    vs[j + 1] = v;
                }
                return new DataMap(ks, ku, vs);
            }
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> compareKeys(ku[a], ku[b]));
            String[] sk = new String[n];
            byte[][] su = new byte[n][];
            DataValue[] sv = new DataValue[n];
            for (int i = 0; i < n; i++) {
                sk[i] = ks[order[i]];
                su[i] = ku[order[i]];
                sv[i] = vs[order[i]];
            }
            return new DataMap(sk, su, sv);
        }
    }
}
