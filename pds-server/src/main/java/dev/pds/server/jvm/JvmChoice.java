package dev.pds.server.jvm;

import dev.pds.server.config.JvmConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which JVM {@code pds serve} runs in. Started as {@code java -jar pds.jar serve} with no JVM
 * options, the JVM picks G1 and a heap of a quarter of the machine's memory, which a small
 * server spends on heap it does not need; the serial collector with a fixed heap holds less and
 * kept the write p99 lower on two cores (docs/BENCHMARKS.md, session 7). So, unless the operator chose
 * the heap or the collector, or turned this off, the process replaces itself (same PID, same
 * arguments, same environment) with one started with those settings; the mark in the
 * environment keeps the new process from doing it again.
 *
 * @param relaunch whether to replace the process with {@code argv} and {@code environment}
 * @param reason   why, in a few words, for the startup log
 */
public record JvmChoice(boolean relaunch, String reason, List<String> argv, Map<String, String> environment) {
    /** Set in the replaced process's environment; its value says what was chosen. */
    public static final String MARK = "PDS_JVM_CHOSEN";
    /** Fewer malloc arenas: RocksDB's and Netty's threads otherwise each keep one of up to 64 MB. */
    static final String MALLOC_ARENAS = "2";
    private static final List<String> OPERATOR_FLAGS = List.of(
            "-Xmx", "-Xms", "-Xmn", "-XX:MaxHeapSize", "-XX:InitialHeapSize", "-XX:MaxRAM", "-XX:MaxRAMPercentage",
            "-XX:InitialRAMPercentage", "-XX:MinRAMPercentage");
    private static final List<String> OPTION_VARIABLES = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

    public JvmChoice {
        Objects.requireNonNull(reason, "reason");
        argv = List.copyOf(argv);
        environment = Map.copyOf(environment);
    }

    /** Running as started, for {@code reason}. */
    public static JvmChoice keep(String reason) {
        return new JvmChoice(false, reason, List.of(), Map.of());
    }

    /**
     * Decides from the process's command line ({@code /proc/self/cmdline}, empty where there is
     * none), the JVM's input arguments and the environment.
     */
    public static JvmChoice decide(JvmConfig config, List<String> commandLine, List<String> jvmArguments,
                                   Map<String, String> environment) {
        String chosen = environment.get(MARK);
        if (chosen != null) {
            return keep("chosen at start: " + chosen);
        }
        if (!config.tuning()) {
            return keep("PDS_JVM_TUNING=off");
        }
        Optional<String> own = operatorFlag(jvmArguments, environment);
        if (own.isPresent()) {
            return keep("the command line chose: " + own.get());
        }
        if (commandLine.isEmpty()) {
            return keep("no /proc/self/cmdline to restart with");
        }
        List<String> flags = List.of("-XX:+UseSerialGC", "-Xmx" + config.heapMaxMb() + "m");
        List<String> argv = new ArrayList<>(commandLine.size() + flags.size());
        argv.add(commandLine.get(0));
        argv.addAll(flags);
        argv.addAll(commandLine.subList(1, commandLine.size()));
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.putIfAbsent("MALLOC_ARENA_MAX", MALLOC_ARENAS);
        String what = String.join(" ", flags) + " MALLOC_ARENA_MAX=" + env.get("MALLOC_ARENA_MAX");
        env.put(MARK, what);
        return new JvmChoice(true, what, argv, env);
    }

    private static Optional<String> operatorFlag(List<String> jvmArguments, Map<String, String> environment) {
        List<String> all = new ArrayList<>(jvmArguments);
        for (String name : OPTION_VARIABLES) {
            String value = environment.get(name);
            if (value != null) {
                all.addAll(List.of(value.trim().split("\\s+")));
            }
        }
        return all.stream().filter(JvmChoice::choosesHeapOrCollector).findFirst();
    }

    private static boolean choosesHeapOrCollector(String argument) {
        if (argument.startsWith("-XX:+Use") || argument.startsWith("-XX:-Use")) {
            return argument.toLowerCase(Locale.ROOT).endsWith("gc");
        }
        return OPERATOR_FLAGS.stream().anyMatch(argument::startsWith);
    }
}
