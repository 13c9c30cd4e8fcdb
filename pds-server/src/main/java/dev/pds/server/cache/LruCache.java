package dev.pds.server.cache;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small thread-safe map that forgets its least recently used entry beyond a fixed size:
 * for values that are costly to recompute and always recomputable, never for state.
 */
public final class LruCache<K, V> {
    private final Map<K, V> map;

    public LruCache(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        this.map = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** The value for this key, or null. */
    public synchronized V get(K key) {
        return map.get(key);
    }

    public synchronized void put(K key, V value) {
        map.put(key, value);
    }

    public synchronized int size() {
        return map.size();
    }
}
