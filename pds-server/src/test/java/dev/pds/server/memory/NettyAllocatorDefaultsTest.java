package dev.pds.server.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class NettyAllocatorDefaultsTest {
    @Test
    void setsArenasAndOneMegabyteChunks() {
        Properties system = new Properties();
        Map<String, String> set = NettyAllocatorDefaults.apply(system, 2);
        assertEquals(Map.of("io.netty.allocator.numDirectArenas", "2", "io.netty.allocator.numHeapArenas", "2",
                "io.netty.allocator.maxOrder", "7"), set);
        assertEquals("2", system.getProperty("io.netty.allocator.numDirectArenas"));
        assertEquals(1 << 20, 8192 << Integer.parseInt(system.getProperty("io.netty.allocator.maxOrder")),
                "8 kB pages, 1 MB chunks");
    }

    @Test
    void anOperatorsPropertyWins() {
        Properties system = new Properties();
        system.setProperty("io.netty.allocator.numDirectArenas", "8");
        Map<String, String> set = NettyAllocatorDefaults.apply(system, 1);
        assertEquals("8", system.getProperty("io.netty.allocator.numDirectArenas"));
        assertEquals(Map.of("io.netty.allocator.numHeapArenas", "1", "io.netty.allocator.maxOrder", "7"), set);
    }

    @Test
    void negativeArenasAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> NettyAllocatorDefaults.properties(-1));
    }
}
