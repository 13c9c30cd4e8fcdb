package dev.pds.server.config;

import java.util.Map;

/**
 * What {@code pds serve} may choose about its own JVM (ours): {@code PDS_JVM_TUNING} ({@code auto},
 * the default, or {@code off}) and {@code PDS_HEAP_MAX_MB}, the heap it then gives the JVM.
 *
 * @param tuning     whether {@code pds serve} may restart itself with its JVM settings
 * @param heapMaxMb  the maximum Java heap it asks for, in MB
 */
public record JvmConfig(boolean tuning, long heapMaxMb) {
    public static final long DEFAULT_HEAP_MAX_MB = 64;
    static final long MIN_HEAP_MAX_MB = 32;

    public JvmConfig {
        if (heapMaxMb < MIN_HEAP_MAX_MB) {
            throw new IllegalArgumentException("heapMaxMb must be at least " + MIN_HEAP_MAX_MB);
        }
    }

    public static JvmConfig fromEnvironment(Map<String, String> environment) {
        EnvReader env = new EnvReader(environment);
        String tuning = env.string("PDS_JVM_TUNING", "auto");
        if (!tuning.equals("auto") && !tuning.equals("off")) {
            throw new ConfigException("PDS_JVM_TUNING must be auto or off, got '" + tuning + "'");
        }
        return new JvmConfig(tuning.equals("auto"),
                env.integer("PDS_HEAP_MAX_MB", DEFAULT_HEAP_MAX_MB, MIN_HEAP_MAX_MB, 1 << 20));
    }
}
