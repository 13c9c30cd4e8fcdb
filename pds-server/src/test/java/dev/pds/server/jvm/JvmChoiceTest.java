package dev.pds.server.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.server.config.ConfigException;
import dev.pds.server.config.JvmConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class JvmChoiceTest {
    private static final List<String> STARTED = List.of("java", "-Dfoo=bar", "-jar", "pds.jar", "serve");
    private static final JvmConfig AUTO = JvmConfig.fromEnvironment(Map.of());

    @Test
    void aJvmLeftToItsDefaultsIsReplacedWithTheSerialCollectorAndAFixedHeap() {
        JvmChoice c = JvmChoice.decide(AUTO, STARTED, List.of("-Dfoo=bar"), Map.of("PATH", "/usr/bin", "PDS_PORT", "1"));
        assertTrue(c.relaunch());
        assertEquals(List.of("java", "-XX:+UseSerialGC", "-Xmx64m", "-Dfoo=bar", "-jar", "pds.jar", "serve"), c.argv(),
                "the same program and arguments, our flags first so that nothing of the operator's is lost");
        assertEquals("/usr/bin", c.environment().get("PATH"));
        assertEquals("1", c.environment().get("PDS_PORT"));
        assertEquals("2", c.environment().get("MALLOC_ARENA_MAX"));
        assertEquals("-XX:+UseSerialGC -Xmx64m MALLOC_ARENA_MAX=2", c.environment().get(JvmChoice.MARK));
        assertEquals(c.environment().get(JvmChoice.MARK), c.reason());
    }

    @Test
    void theHeapAndTheOperatorsMallocSettingAreKept() {
        JvmConfig big = JvmConfig.fromEnvironment(Map.of("PDS_HEAP_MAX_MB", "512"));
        JvmChoice c = JvmChoice.decide(big, STARTED, List.of(), Map.of("MALLOC_ARENA_MAX", "4"));
        assertTrue(c.argv().contains("-Xmx512m"), c.argv().toString());
        assertEquals("4", c.environment().get("MALLOC_ARENA_MAX"));
    }

    @Test
    void theReplacedProcessDoesNotReplaceItselfAgain() {
        JvmChoice c = JvmChoice.decide(AUTO, STARTED, List.of("-XX:+UseSerialGC", "-Xmx64m"),
                Map.of(JvmChoice.MARK, "-XX:+UseSerialGC -Xmx64m MALLOC_ARENA_MAX=2"));
        assertFalse(c.relaunch());
        assertEquals("chosen at start: -XX:+UseSerialGC -Xmx64m MALLOC_ARENA_MAX=2", c.reason());
    }

    @Test
    void theOperatorsHeapOrCollectorWins() {
        for (String flag : List.of("-Xmx2g", "-Xms1g", "-XX:MaxRAMPercentage=50", "-XX:+UseG1GC", "-XX:+UseZGC",
                "-XX:-UseSerialGC", "-XX:MaxHeapSize=1g")) {
            JvmChoice c = JvmChoice.decide(AUTO, STARTED, List.of("-Dx=y", flag), Map.of());
            assertFalse(c.relaunch(), flag);
            assertEquals("the command line chose: " + flag, c.reason());
        }
        assertTrue(JvmChoice.decide(AUTO, STARTED, List.of("-XX:+UseCompressedOops", "-Xss1m"), Map.of()).relaunch(),
                "other -XX:+Use flags and other -X options choose neither");
    }

    @Test
    void optionsInTheJavaEnvironmentVariablesCountAsTheOperators() {
        for (String variable : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS")) {
            JvmChoice c = JvmChoice.decide(AUTO, STARTED, List.of(), Map.of(variable, " -Dq=1  -Xmx300m "));
            assertFalse(c.relaunch(), variable);
            assertEquals("the command line chose: -Xmx300m", c.reason());
        }
    }

    @Test
    void offOrNoCommandLineRunsAsStarted() {
        JvmChoice off = JvmChoice.decide(JvmConfig.fromEnvironment(Map.of("PDS_JVM_TUNING", "off")), STARTED, List.of(),
                Map.of());
        assertFalse(off.relaunch());
        assertEquals("PDS_JVM_TUNING=off", off.reason());
        JvmChoice nowhere = JvmChoice.decide(AUTO, List.of(), List.of(), Map.of());
        assertFalse(nowhere.relaunch());
        assertTrue(nowhere.reason().contains("/proc/self/cmdline"), nowhere.reason());
    }

    @Test
    void badSettingsAreRefusedByName() {
        ConfigException tuning = assertThrows(ConfigException.class,
                () -> JvmConfig.fromEnvironment(Map.of("PDS_JVM_TUNING", "maybe")));
        assertTrue(tuning.getMessage().contains("PDS_JVM_TUNING"), tuning.getMessage());
        ConfigException heap = assertThrows(ConfigException.class,
                () -> JvmConfig.fromEnvironment(Map.of("PDS_HEAP_MAX_MB", "8")));
        assertTrue(heap.getMessage().contains("PDS_HEAP_MAX_MB"), heap.getMessage());
    }

    @Test
    void thisProcessesCommandLineIsReadFromProc() {
        List<String> own = ProcessImage.commandLine();
        // elsewhere than Linux there is nothing to read, and decide() then keeps the JVM as started
        Assumptions.assumeFalse(own.isEmpty(), "no /proc/self/cmdline here");
        assertTrue(own.get(0).endsWith("java") || own.get(0).contains("java"), own.toString());
    }
}
