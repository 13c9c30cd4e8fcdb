package dev.pds.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.core.store.StoreConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemoryConfigTest {
    private static final long MB = 1L << 20;

    @TempDir
    Path work;

    @Test
    void defaultsAreNamedLimits() {
        MemoryConfig m = PdsConfig.fromEnvironment(Map.of(), work).memory();
        assertEquals(MemoryConfig.defaults(), m);
        assertEquals(128 * MB, m.heapCeilingBytes());
        assertEquals(StoreConfig.DEFAULT_BLOCK_CACHE_BYTES, m.blockCacheBytes());
        assertEquals(StoreConfig.DEFAULT_MEMTABLE_BYTES, m.memtableBytes());
        assertEquals(StoreConfig.DEFAULT_MEMTABLE_BUDGET_BYTES, m.memtableBudgetBytes());
        assertEquals(1, m.nettyDirectArenas());
        assertEquals(0, m.memoryLogInterval());
    }

    @Test
    void everyLimitComesFromItsVariable() {
        MemoryConfig m = PdsConfig.fromEnvironment(Map.of("PDS_HEAP_CEILING_MB", "200", "PDS_BLOCK_CACHE_MB", "8",
                "PDS_MEMTABLE_MB", "4", "PDS_MEMTABLE_BUDGET_MB", "12", "PDS_NETTY_ARENAS", "3",
                "PDS_MEMORY_LOG_SECONDS", "60"), work).memory();
        assertEquals(new MemoryConfig(200 * MB, 8 * MB, 4 * MB, 12 * MB, 3, 60), m);

        StoreConfig store = m.storeConfig(StoreConfig.defaults(), 8L << 30);
        assertEquals(8 * MB, store.blockCacheBytes());
        assertEquals(4 * MB, store.memtableBytes());
        assertEquals(12 * MB, store.memtableBudgetBytes());
        assertEquals(StoreConfig.defaults().maxQueuedWrites(), store.maxQueuedWrites(), "the rest of the store's config is kept");
        assertEquals(StoreConfig.defaults().nodeCacheSize(), store.nodeCacheSize(), "a large heap keeps the store's node cache");
    }

    @Test
    void theNodeCacheTakesAnEighthOfASmallHeap() {
        MemoryConfig m = MemoryConfig.defaults();
        assertEquals(8192, m.storeConfig(StoreConfig.defaults(), 64 * MB).nodeCacheSize(), "8 MB of 1 kB nodes");
        assertEquals(16_384, m.storeConfig(StoreConfig.defaults(), 128 * MB).nodeCacheSize());
        assertEquals(1024, m.storeConfig(StoreConfig.defaults(), 4 * MB).nodeCacheSize(), "never below 1,024 nodes");
        assertEquals(100_000, m.storeConfig(StoreConfig.defaults(), 6L << 30).nodeCacheSize(), "nor above the store's own");
    }

    @Test
    void zeroTurnsTheHeapCeilingOff() {
        assertEquals(0, PdsConfig.fromEnvironment(Map.of("PDS_HEAP_CEILING_MB", "0"), work).memory().heapCeilingBytes());
    }

    @Test
    void unusableValuesAreRefusedByName() {
        for (Map.Entry<String, String> bad : Map.of("PDS_HEAP_CEILING_MB", "-1", "PDS_BLOCK_CACHE_MB", "0",
                "PDS_MEMTABLE_MB", "lots", "PDS_MEMTABLE_BUDGET_MB", "0", "PDS_NETTY_ARENAS", "65",
                "PDS_MEMORY_LOG_SECONDS", "1.5").entrySet()) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> PdsConfig.fromEnvironment(Map.of(bad.getKey(), bad.getValue()), work), bad.toString());
            assertTrue(e.getMessage().contains(bad.getKey()), e.getMessage());
        }
    }

    @Test
    void theRecordRefusesLimitsRocksDbCannotTake() {
        assertThrows(IllegalArgumentException.class, () -> new MemoryConfig(-1, MB, MB, MB, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new MemoryConfig(0, MB, 1024, MB, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new MemoryConfig(0, MB, MB, MB, -1, 0));
    }
}
