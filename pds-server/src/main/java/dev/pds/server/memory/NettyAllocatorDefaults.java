package dev.pds.server.memory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Netty's pooled allocator sizes itself when its class loads, from system properties: by
 * default two arenas per core of 4 MB chunks, each arena keeping chunks once touched, plus a
 * cache of buffers per event-loop and worker thread. A PDS moves small bodies, so fewer arenas
 * and 1 MB chunks hold far less. Applied in {@code pds serve} before any Netty class loads;
 * a property the operator set ({@code -Dio.netty...}) is left as it is.
 */
public final class NettyAllocatorDefaults {
    /** 8 kB pages << 7 = 1 MB chunks; larger buffers are allocated unpooled. */
    static final int MAX_ORDER = 7;

    private NettyAllocatorDefaults() {
    }

    /** The properties for {@code arenas} direct and heap arenas. */
    public static Map<String, String> properties(int arenas) {
        if (arenas < 0) {
            throw new IllegalArgumentException("arenas must not be negative");
        }
        Map<String, String> p = new LinkedHashMap<>();
        p.put("io.netty.allocator.numDirectArenas", Integer.toString(arenas));
        p.put("io.netty.allocator.numHeapArenas", Integer.toString(arenas));
        p.put("io.netty.allocator.maxOrder", Integer.toString(MAX_ORDER));
        return p;
    }

    /** Sets in {@code system} those of the properties it does not have; answers what it set. */
    public static Map<String, String> apply(Properties system, int arenas) {
        Map<String, String> set = new LinkedHashMap<>();
        properties(arenas).forEach((k, v) -> {
            if (system.getProperty(k) == null) {
                system.setProperty(k, v);
                set.put(k, v);
            }
        });
        return set;
    }
}
