package dev.pds.bench.mst;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * CPU time of the benchmark thread, as secondary JMH results: {@code cpuNanos} and {@code calls}
 * summed per iteration, so cpuNanos / calls is the CPU cost of one call. On a machine shared
 * with other work the primary (wall-clock) score counts time spent waiting for a core; this does
 * not. Reading the thread clock costs well under a microsecond per call.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class CpuTime {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    public long cpuNanos;
    public long calls;
    private long start;

    @Setup(Level.Iteration)
    public void reset() {
        cpuNanos = 0;
        calls = 0;
    }

    void begin() {
        start = MX.getCurrentThreadCpuTime();
    }

    void end() {
        cpuNanos += MX.getCurrentThreadCpuTime() - start;
        calls++;
    }
}
