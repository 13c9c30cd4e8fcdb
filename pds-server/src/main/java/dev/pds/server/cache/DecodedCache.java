package dev.pds.server.cache;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;

/**
 * Values decoded from stored rows, remembered with the exact bytes they came from: a value is
 * handed out again only for identical bytes, so it is never stale. The row itself is still read
 * each time (that read is what sees a revocation or a change); only the decoding is saved.
 */
public final class DecodedCache<K, V> {
    private record Entry<V>(byte[] bytes, V value) {
    }

    private final LruCache<K, Entry<V>> entries;

    public DecodedCache(int maxEntries) {
        this.entries = new LruCache<>(maxEntries);
    }

    /** {@code decoder}'s value for {@code bytes}, decoding only when these bytes were not seen last for {@code key}. */
    public V decode(K key, byte[] bytes, Function<byte[], V> decoder) {
        Objects.requireNonNull(bytes, "bytes");
        Entry<V> e = entries.get(key);
        if (e != null && Arrays.equals(e.bytes(), bytes)) {
            return e.value();
        }
        V value = decoder.apply(bytes);
        entries.put(key, new Entry<>(bytes.clone(), value));
        return value;
    }
}
