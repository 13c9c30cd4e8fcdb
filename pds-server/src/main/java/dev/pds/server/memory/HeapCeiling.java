package dev.pds.server.memory;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the committed Java heap under a ceiling without launch flags. G1, the JVM's default
 * here, grows the heap whenever collection pauses take more than about 1% of the time (its
 * threshold shrinks with the heap's share of the 1/4-of-RAM maximum) and gives memory back only
 * after a full collection or a concurrent cycle. So, from inside the process: the manageable
 * flags make those collections give back more ({@code MaxHeapFreeRatio}) and make an idle
 * process run one ({@code G1PeriodicGCInterval}), and when the committed heap passes the ceiling
 * a collection is asked for; when one does not bring it back under (a live set that large), the
 * next waits twice as long, so a too-small ceiling costs little.
 *
 * <p>The price is a full, stop-the-world collection each time G1 has grown past the ceiling,
 * under a steady load every second or two (docs/BENCHMARKS.md has measured counts and pauses).
 */
public final class HeapCeiling implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HeapCeiling.class);

    /**
     * Heap left free after a collection (percent; the JVM's defaults, set explicitly): a
     * collection at the ceiling leaves about 3.3 times the live set committed, room for the
     * young generation to work in before G1 grows the heap again.
     */
    static final int MIN_HEAP_FREE_PERCENT = 40;
    static final int MAX_HEAP_FREE_PERCENT = 70;
    /** An idle process runs a concurrent cycle this often, which returns the free heap. */
    static final Duration IDLE_COLLECTION_INTERVAL = Duration.ofSeconds(15);
    private static final Duration LONGEST_BACKOFF = Duration.ofMinutes(1);

    private final long ceilingBytes;
    private final Duration checkInterval;
    private final Duration minGap;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final Map<String, String> flags;
    private final ScheduledExecutorService timer;
    private final AtomicLong collections = new AtomicLong();
    private long gapNanos;
    private long lastCollection = Long.MIN_VALUE;

    private HeapCeiling(long ceilingBytes, Duration checkInterval, Duration minGap, Map<String, String> flags) {
        this.ceilingBytes = ceilingBytes;
        this.checkInterval = checkInterval;
        this.minGap = minGap;
        this.gapNanos = minGap.toNanos();
        this.flags = Map.copyOf(flags);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pds-heap-ceiling");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Applies the heap flags and starts checking the committed heap every {@code checkInterval};
     * collections asked for are at least {@code minGap} apart.
     */
    public static HeapCeiling start(long ceilingBytes, Duration checkInterval, Duration minGap) {
        if (ceilingBytes < 1) {
            throw new IllegalArgumentException("ceilingBytes must be positive");
        }
        Objects.requireNonNull(checkInterval, "checkInterval");
        Objects.requireNonNull(minGap, "minGap");
        HeapCeiling ceiling = new HeapCeiling(ceilingBytes, checkInterval, minGap, applyFlags());
        ceiling.timer.scheduleWithFixedDelay(ceiling::check, checkInterval.toMillis(), checkInterval.toMillis(),
                TimeUnit.MILLISECONDS);
        return ceiling;
    }

    /** Sets the manageable heap flags this JVM has; answers those it set, with their values now. */
    static Map<String, String> applyFlags() {
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        Map<String, String> applied = new LinkedHashMap<>();
        if (hotspot == null) {
            return applied;
        }
        // the JVM refuses a minimum above the maximum: set the maximum first
        set(hotspot, "MaxHeapFreeRatio", Integer.toString(MAX_HEAP_FREE_PERCENT), applied);
        set(hotspot, "MinHeapFreeRatio", Integer.toString(MIN_HEAP_FREE_PERCENT), applied);
        set(hotspot, "G1PeriodicGCInterval", Long.toString(IDLE_COLLECTION_INTERVAL.toMillis()), applied);
        return applied;
    }

    private static void set(HotSpotDiagnosticMXBean hotspot, String name, String value, Map<String, String> applied) {
        try {
            VMOption option = hotspot.getVMOption(name);
            if (!option.isWriteable() || option.getOrigin() == VMOption.Origin.VM_CREATION) {
                return; // not manageable here, or set on the command line: the operator's choice wins
            }
            hotspot.setVMOption(name, value);
            applied.put(name, hotspot.getVMOption(name).getValue());
        } catch (IllegalArgumentException e) {
            LOG.debug("heap flag {}={} not applied: {}", name, value, e.getMessage());
        }
    }

    private void check() {
        try {
            long committed = memory.getHeapMemoryUsage().getCommitted();
            long now = System.nanoTime();
            if (committed <= ceilingBytes || (lastCollection != Long.MIN_VALUE && now - lastCollection < gapNanos)) {
                return;
            }
            System.gc();
            lastCollection = System.nanoTime();
            collections.incrementAndGet();
            long live = memory.getHeapMemoryUsage().getUsed();
            // a live set near the ceiling: collecting again soon would only cost pauses
            gapNanos = live > ceilingBytes / 2 ? Math.min(gapNanos * 2, LONGEST_BACKOFF.toNanos()) : minGap.toNanos();
        } catch (RuntimeException e) {
            LOG.warn("heap ceiling check failed: {}", e.toString());
        }
    }

    public long ceilingBytes() {
        return ceilingBytes;
    }

    public Duration checkInterval() {
        return checkInterval;
    }

    /** The heap flags set at start, with the values the JVM now holds. */
    public Map<String, String> flags() {
        return flags;
    }

    /** Collections asked for because the heap had passed the ceiling. */
    public long collections() {
        return collections.get();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
