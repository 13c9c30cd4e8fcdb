package dev.pds.e2e.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.core.store.StoreMemory;
import dev.pds.e2e.TestServer;
import dev.pds.server.memory.MemoryReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A started server reports the memory limits it was configured with, as RocksDB applied them. */
class MemoryLimitsTest {
    private static final long MB = 1L << 20;

    @TempDir
    Path data;

    @Test
    void theStoreRunsWithTheConfiguredLimits() throws Exception {
        Map<String, String> env = Map.of("PDS_DEV_MODE", "true", "PDS_INVITE_REQUIRED", "false", "PDS_BLOCK_CACHE_MB", "8",
                "PDS_MEMTABLE_MB", "2", "PDS_MEMTABLE_BUDGET_MB", "7", "PDS_WORKER_THREADS", "5");
        try (TestServer t = TestServer.start(data, env, List.of(), List.of())) {
            t.createAccount("alice");
            MemoryReport report = t.server.memory();
            StoreMemory store = report.store();
            assertEquals(15 * MB, store.cacheCapacity(), "block cache plus the memtable budget charged to it");
            assertEquals(2 * MB, store.memtableBytes());
            assertEquals(7 * MB, store.memtableBudget());
            assertTrue(store.memtables() > 0, "the account's writes sit in memtables: " + report);
            assertEquals(5, t.server.workerThreads());
            assertTrue(report.heapCommitted() >= report.heapUsed() && report.heapUsed() > 0, report.toString());
            assertTrue(report.threads() > 5, report.toString());
        }
    }

    @Test
    void withNothingSetTheDefaultsApply() throws Exception {
        try (TestServer t = TestServer.start(data)) {
            StoreMemory store = t.server.memory().store();
            assertEquals(60 * MB, store.cacheCapacity());
            assertEquals(8 * MB, store.memtableBytes());
            assertEquals(28 * MB, store.memtableBudget());
        }
    }
}
