package dev.pds.server.cli;

import dev.pds.core.store.RepoStore;
import dev.pds.server.PdsServer;
import dev.pds.server.config.ConfigException;
import dev.pds.server.config.JvmConfig;
import dev.pds.server.config.PdsConfig;
import dev.pds.server.config.MemoryConfig;
import dev.pds.server.jvm.JvmChoice;
import dev.pds.server.jvm.ProcessImage;
import dev.pds.server.memory.HeapCeiling;
import dev.pds.server.memory.NettyAllocatorDefaults;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
        name = "serve",
        description = {
            "Run the server until it is stopped (SIGTERM or Ctrl-C shut it down gracefully).",
            "Configuration comes from PDS_* environment variables with the reference PDS's names:",
            "PDS_HOSTNAME, PDS_PORT, PDS_DATA_DIRECTORY, PDS_DID_PLC_URL, PDS_SERVICE_HANDLE_DOMAINS,",
            "PDS_INVITE_REQUIRED, PDS_BLOB_UPLOAD_LIMIT, PDS_JWT_SECRET, PDS_ADMIN_PASSWORD,",
            "PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX, PDS_CRAWLERS, PDS_BSKY_APP_VIEW_URL,",
            "PDS_BSKY_APP_VIEW_DID, PDS_RATE_LIMITS_ENABLED, PDS_RATE_LIMIT_BYPASS_KEY, PDS_RATE_LIMIT_BYPASS_IPS,",
            "PDS_DEV_MODE; and ours: PDS_BIND_HOST,",
            "PDS_JSON_BODY_LIMIT, PDS_IDLE_TIMEOUT_SECONDS, PDS_WORKER_THREADS, PDS_WORKER_QUEUE,",
            "PDS_SHUTDOWN_TIMEOUT_SECONDS; memory: PDS_HEAP_CEILING_MB, PDS_BLOCK_CACHE_MB, PDS_MEMTABLE_MB,",
            "PDS_MEMTABLE_BUDGET_MB, PDS_NETTY_ARENAS, PDS_MEMORY_LOG_SECONDS; the JVM: PDS_JVM_TUNING (auto: unless",
            "the command line sets the heap or collector, restart in place with -XX:+UseSerialGC -Xmx<PDS_HEAP_MAX_MB,",
            "default 64>m and MALLOC_ARENA_MAX=2; off: run as started).",
            "With nothing set it listens on 127.0.0.1:2583 with data (and generated secrets) in ./data."
        })
final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);
    private static final Duration CEILING_CHECK = Duration.ofMillis(100);
    private static final Duration CEILING_MIN_GAP = Duration.ofMillis(500);

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PdsConfig config;
        JvmConfig jvmConfig;
        try {
            config = PdsConfig.fromEnvironment(System.getenv());
            jvmConfig = JvmConfig.fromEnvironment(System.getenv());
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("pds: configuration error: " + e.getMessage());
            return 2;
        }
        JvmChoice jvm = chooseJvm(jvmConfig);
        MemoryConfig memory = config.memory();
        // process-wide, so here rather than in PdsServer: Netty reads these once, when it loads
        Map<String, String> netty = NettyAllocatorDefaults.apply(System.getProperties(), memory.nettyDirectArenas());
        // the ceiling is for a JVM left to its defaults; a heap limit of our choosing or the operator's below it needs none
        boolean chosenHere = System.getenv(JvmChoice.MARK) != null;
        HeapCeiling ceiling = memory.heapCeilingBytes() > 0 && !chosenHere
                && Runtime.getRuntime().maxMemory() > memory.heapCeilingBytes()
                ? HeapCeiling.start(memory.heapCeilingBytes(), CEILING_CHECK, CEILING_MIN_GAP) : null;
        LOG.info("JVM: {}, heap max {} MB ({})", collectors(), Runtime.getRuntime().maxMemory() >> 20, jvm.reason());
        LOG.info("Memory limits: heap ceiling {}, netty {}", ceiling == null ? "off"
                : (memory.heapCeilingBytes() >> 20) + " MB (flags " + ceiling.flags() + ")", netty);
        // the server takes requests once it listens, before start() returns: a SIGTERM from then on
        // must still shut it down gracefully, so the hook is there first and waits for the start
        CompletableFuture<PdsServer> started = new CompletableFuture<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            PdsServer running = started.join();
            if (running != null) {
                running.close();
            }
        }, "pds-shutdown"));
        PdsServer server;
        try {
            server = PdsServer.start(config);
        } catch (IOException e) {
            started.complete(null);
            spec.commandLine().getErr().println("pds: " + e.getMessage());
            return 1;
        } catch (RuntimeException | Error e) {
            started.complete(null);
            throw e;
        }
        started.complete(server);
        ScheduledExecutorService reports = memory.memoryLogInterval() == 0 ? null
                : Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("pds-memory-log", true));
        if (reports != null) {
            reports.scheduleWithFixedDelay(() -> {
                LOG.info("Memory: {}{}", server.memory(),
                        ceiling == null ? "" : ", heap ceiling collections " + ceiling.collections());
                LOG.info("Writes: {}", writesReport(server.context().store()));
            }, memory.memoryLogInterval(), memory.memoryLogInterval(), TimeUnit.SECONDS);
        }
        server.awaitClosed();
        if (reports != null) {
            reports.shutdownNow();
        }
        if (ceiling != null) {
            ceiling.close();
        }
        LOG.debug("serve finished");
        return 0;
    }

    /** Replaces this process with one in the JVM of our choosing when that applies; else says why not. */
    private static JvmChoice chooseJvm(JvmConfig config) {
        JvmChoice choice = JvmChoice.decide(config, ProcessImage.commandLine(),
                ManagementFactory.getRuntimeMXBean().getInputArguments(), System.getenv());
        if (!choice.relaunch()) {
            return choice;
        }
        LOG.info("Restarting in place with {} (PDS_JVM_TUNING=off keeps the JVM as started)", choice.reason());
        String failure = ProcessImage.replace(choice.argv(), choice.environment());
        LOG.warn("Could not restart with {}: {}; running as started", choice.reason(), failure);
        return JvmChoice.keep("restart failed: " + failure);
    }

    private static String collectors() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
                .collect(Collectors.joining(" + "));
    }

    /** How commits were grouped into synced writes, and how often RocksDB flushed memtables, since start. */
    static String writesReport(RepoStore store) {
        var stats = store.stats();
        var flushes = store.memtableFlushes();
        return String.format("%d in %d synced groups (%.2f a group, %.0f us a group write), memtable flushes %d %s",
                stats.writes(), stats.groups(), stats.writesPerGroup(), stats.microsPerGroup(), flushes.total(),
                flushes.byFamily());
    }
}
