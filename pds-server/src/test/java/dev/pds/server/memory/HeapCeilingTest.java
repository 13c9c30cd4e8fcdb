package dev.pds.server.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs in the test JVM itself, so it puts back the heap flags it changes. */
class HeapCeilingTest {
    private static final List<String> FLAGS = List.of("MaxHeapFreeRatio", "MinHeapFreeRatio", "G1PeriodicGCInterval");
    private final HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    private final Map<String, String> before = new LinkedHashMap<>();

    @BeforeEach
    void remember() {
        for (String flag : FLAGS) {
            before.put(flag, hotspot.getVMOption(flag).getValue());
        }
    }

    @AfterEach
    void restore() {
        // in an order the JVM accepts whichever way the ratios moved
        hotspot.setVMOption("MinHeapFreeRatio", "0");
        hotspot.setVMOption("MaxHeapFreeRatio", before.get("MaxHeapFreeRatio"));
        hotspot.setVMOption("MinHeapFreeRatio", before.get("MinHeapFreeRatio"));
        if (hotspot.getVMOption("G1PeriodicGCInterval").isWriteable()) {
            hotspot.setVMOption("G1PeriodicGCInterval", before.get("G1PeriodicGCInterval"));
        }
    }

    @Test
    void setsTheManageableHeapFlags() {
        Assumptions.assumeTrue(hotspot.getVMOption("G1PeriodicGCInterval").isWriteable(), "not a G1 JVM with manageable flags");
        Assumptions.assumeTrue(FLAGS.stream().noneMatch(f -> hotspot.getVMOption(f).getOrigin()
                == com.sun.management.VMOption.Origin.VM_CREATION), "flags given on the command line are left alone");
        Map<String, String> applied = HeapCeiling.applyFlags();
        assertEquals(Map.of("MaxHeapFreeRatio", "70", "MinHeapFreeRatio", "40", "G1PeriodicGCInterval", "15000"), applied);
        for (Map.Entry<String, String> e : applied.entrySet()) {
            assertEquals(e.getValue(), hotspot.getVMOption(e.getKey()).getValue(), "the JVM holds " + e.getKey());
        }
    }

    @Test
    void aHeapPastTheCeilingIsCollectedAndAHopelessCeilingBacksOff() throws Exception {
        // every heap is past one byte, and the live set cannot get under it: the gap doubles each time
        try (HeapCeiling ceiling = HeapCeiling.start(1, Duration.ofMillis(10), Duration.ofMillis(10))) {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (ceiling.collections() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(ceiling.collections() >= 2, "collections: " + ceiling.collections());
            Thread.sleep(1200);
            // without backing off, 10 ms apart: over 100; doubling from 10 ms: under 10 in 1.3 s
            assertTrue(ceiling.collections() <= 10, "collections: " + ceiling.collections());
        }
    }

    @Test
    void aHeapUnderTheCeilingIsLeftAlone() throws Exception {
        try (HeapCeiling ceiling = HeapCeiling.start(Long.MAX_VALUE, Duration.ofMillis(10), Duration.ofMillis(10))) {
            Thread.sleep(300);
            assertEquals(0, ceiling.collections());
            assertEquals(Long.MAX_VALUE, ceiling.ceilingBytes());
        }
    }

    @Test
    void aCeilingMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> HeapCeiling.start(0, Duration.ofMillis(10), Duration.ofMillis(10)));
    }
}
