package dev.pds.server.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class DecodedCacheTest {
    private final AtomicInteger decodes = new AtomicInteger();
    private final Function<byte[], String> decoder = b -> {
        decodes.incrementAndGet();
        return new String(b, StandardCharsets.UTF_8);
    };

    @Test
    void theSameBytesAreDecodedOnce() {
        DecodedCache<String, String> cache = new DecodedCache<>(8);
        String first = cache.decode("k", bytes("v1"), decoder);
        assertSame(first, cache.decode("k", bytes("v1"), decoder), "equal bytes in a new array reuse the value");
        assertEquals(1, decodes.get());
    }

    @Test
    void changedBytesAreDecodedAgainSoAValueIsNeverStale() {
        DecodedCache<String, String> cache = new DecodedCache<>(8);
        assertEquals("v1", cache.decode("k", bytes("v1"), decoder));
        assertEquals("v2", cache.decode("k", bytes("v2"), decoder));
        assertEquals("v1", cache.decode("k", bytes("v1"), decoder));
        assertEquals(3, decodes.get());
    }

    @Test
    void theCallersArrayMayChangeAfterwards() {
        DecodedCache<String, String> cache = new DecodedCache<>(8);
        byte[] row = bytes("v1");
        cache.decode("k", row, decoder);
        row[1] = '9';
        assertEquals("v9", cache.decode("k", row, decoder), "the cache kept its own copy of the bytes");
        assertEquals(2, decodes.get());
    }

    @Test
    void holdsAtMostItsSize() {
        DecodedCache<Integer, String> cache = new DecodedCache<>(2);
        cache.decode(1, bytes("a"), decoder);
        cache.decode(2, bytes("b"), decoder);
        cache.decode(3, bytes("c"), decoder);
        cache.decode(1, bytes("a"), decoder);
        assertEquals(4, decodes.get(), "the least recently used entry was forgotten");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
