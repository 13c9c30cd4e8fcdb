package dev.pds.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import dev.pds.core.syntax.Did;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RocksDB's memory limits are the configured ones, read back from RocksDB, and they hold. */
class StoreMemoryTest {
    private static final long MB = 1L << 20;

    @TempDir
    Path dir;

    @Test
    void defaultsAreAppliedAndReadBack() {
        try (RepoStore store = RepoStore.open(dir, StoreConfig.defaults())) {
            StoreMemory m = store.memory();
            assertEquals(StoreConfig.DEFAULT_BLOCK_CACHE_BYTES + StoreConfig.DEFAULT_MEMTABLE_BUDGET_BYTES, m.cacheCapacity(),
                    "memtables are charged to the block cache, which holds both budgets");
            assertEquals(StoreConfig.DEFAULT_MEMTABLE_BYTES, m.memtableBytes());
            assertEquals(StoreConfig.DEFAULT_MEMTABLE_BUDGET_BYTES, m.memtableBudget());
            assertTrue(m.memtables() >= 0 && m.cacheUsage() >= 0 && m.tableReaders() >= 0, m.toString());
        }
    }

    @Test
    void aFullMemtableIsFlushedAtTheConfiguredSize() throws Exception {
        // 1 MB write buffers: 8 MB written to one table leave at most about two of them in memory
        StoreConfig config = StoreConfig.defaults().withSyncWrites(false).withMemory(2 * MB, MB, 4 * MB);
        try (RepoStore store = RepoStore.open(dir, config)) {
            StoreMemory limits = store.memory();
            assertEquals(6 * MB, limits.cacheCapacity(), "block cache plus the memtable budget charged to it");
            assertEquals(MB, limits.memtableBytes());
            assertEquals(4 * MB, limits.memtableBudget());
            Random random = new Random(7);
            byte[] value = new byte[4096];
            for (int batch = 0; batch < 32; batch++) {
                TableWrites w = TableWrites.create();
                for (int i = 0; i < 64; i++) {
                    random.nextBytes(value);
                    w.put(Table.ACCOUNTS, ("k" + batch + "-" + i).getBytes(StandardCharsets.US_ASCII), value.clone());
                }
                store.writeTables(w, List.of()).join();
            }
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (store.memory().memtables() > 3 * MB && System.nanoTime() < deadline) {
                Thread.sleep(50); // flushes run in the background
            }
            long memtables = store.memory().memtables();
            assertTrue(memtables <= 3 * MB, "8 MB written with 1 MB write buffers, memtables hold " + memtables + " bytes");
            assertEquals(4096, store.get(Table.ACCOUNTS, "k31-62".getBytes(StandardCharsets.US_ASCII)).orElseThrow().length,
                    "flushed data is still there");
            assertEquals(4096, store.get(Table.ACCOUNTS, "k0-0".getBytes(StandardCharsets.US_ASCII)).orElseThrow().length);
        }
    }

    /**
     * Commits fill the blocks and events memtables; the other families get a few dozen bytes a
     * commit. A flush takes every family with data at once (atomic flush, so that a WAL file is
     * retired whole and reused: docs/STORAGE.md), and only full memtables start one. When every
     * family had the same write buffer and the budget was the flush trigger, RocksDB flushed the
     * family with the oldest memtable whenever the budget was reached, a small one nearly every
     * time: 16-17 flushes of each small family here against 3 of the blocks.
     */
    @Test
    void fullMemtablesStartTheFlushesAndEachTakesEveryFamily() {
        // the defaults scaled down to 1 MB write buffers
        long budget = MB * StoreConfig.DEFAULT_MEMTABLE_BUDGET_BYTES / StoreConfig.DEFAULT_MEMTABLE_BYTES;
        StoreConfig config = StoreConfig.defaults().withSyncWrites(false).withMemory(2 * MB, MB, budget);
        try (RepoStore store = RepoStore.open(dir, config)) {
            MemtableFlushes f = postCommits(store, CallerLedWritesTest.did(0), 1500);
            // 1,500 commits fill the 1 MB blocks buffer three times; the budget must add no flush
            assertTrue(f.of("blocks") >= 3 && f.of("blocks") <= 4, "flushes started by full memtables only: " + f);
            for (String family : List.of("events", "repos", "records", "record_refs")) {
                assertEquals(f.of("blocks"), f.of(family), family + " is flushed with the blocks: " + f);
            }
            // meta also holds the store's own keys written before the first commit
            assertTrue(Math.abs(f.of("meta") - f.of("blocks")) <= 1, f.toString());
        }
    }

    /**
     * RocksJava 9.8 throws on its callback thread when asked to describe some flushes (those
     * forced by {@code max_total_wal_size}: "Illegal value provided for FlushReason: 13"), which
     * an earlier flush counter did: flushes are counted by the table files they write instead.
     * Many small flushes, none of them may leave an error on RocksDB's threads.
     */
    @Test
    void flushesAreCountedWithoutErrorsOnRocksDbThreads() throws Exception {
        List<Throwable> uncaught = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(e));
        // smallest write buffers: a flush every few commits
        StoreConfig config = StoreConfig.defaults().withSyncWrites(false)
                .withMemory(2 * MB, StoreConfig.MIN_MEMTABLE_BYTES, 4 * MB);
        try (RepoStore store = RepoStore.open(dir, config)) {
            MemtableFlushes f = postCommits(store, CallerLedWritesTest.did(1), 1500);
            assertTrue(f.of("blocks") >= 10 && f.of("meta") >= f.of("blocks"), "flushes were counted: " + f);
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
        assertTrue(uncaught.isEmpty(), "errors on RocksDB's threads: " + uncaught);
    }

    /**
     * Creates a repo and commits {@code n} posts to it one by one; answers the flushes once the
     * count has settled (a flush still running when the last commit returns is counted family
     * by family on RocksDB's thread).
     */
    private static MemtableFlushes postCommits(RepoStore store, Did did, int n) {
        store.createRepo(did, CallerLedWritesTest.KEY, CommitEvents.NONE).join();
        for (int i = 0; i < n; i++) {
            store.applyWritesAndWait(did, CallerLedWritesTest.post(String.format("3k%011d", i)), null,
                    CallerLedWritesTest.KEY, CallerLedWritesTest.events(did), CommitTableWrites.NONE);
        }
        MemtableFlushes last = store.memtableFlushes();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            MemtableFlushes now = store.memtableFlushes();
            if (now.equals(last)) {
                break;
            }
            last = now;
        }
        return last;
    }

    @Test
    void aBudgetBelowTheFamiliesBuffersScalesThemDown() {
        StoreConfig roomy = StoreConfig.defaults().withMemory(2 * MB, 2 * MB, 8 * MB);
        assertEquals(2 * MB, roomy.writeBufferBytes(ColumnFamily.BLOCKS));
        assertEquals(2 * MB, roomy.writeBufferBytes(ColumnFamily.EVENTS), "events fill about as fast as blocks");
        assertEquals(256 << 10, roomy.writeBufferBytes(ColumnFamily.META));
        StoreConfig tight = StoreConfig.defaults().withMemory(2 * MB, 2 * MB, 4 * MB);
        long sum = StoreConfig.MIN_MEMTABLE_BYTES;
        for (ColumnFamily f : ColumnFamily.values()) {
            sum += tight.writeBufferBytes(f);
        }
        assertTrue(sum <= 4 * MB, "full memtables, not the budget, start the flushes: " + sum);
        assertEquals(tight.writeBufferBytes(ColumnFamily.BLOCKS), tight.writeBufferBytes(ColumnFamily.EVENTS));
        assertTrue(tight.writeBufferBytes(ColumnFamily.BLOCKS) > tight.writeBufferBytes(ColumnFamily.META));
        try (RepoStore store = RepoStore.open(dir, tight)) {
            assertEquals(tight.writeBufferBytes(ColumnFamily.BLOCKS), store.memory().memtableBytes(), "as RocksDB holds it");
        }
    }

    @Test
    void limitsBelowRocksDbsFloorAreRefused() {
        StoreConfig d = StoreConfig.defaults();
        assertThrows(IllegalArgumentException.class, () -> d.withMemory(MB, 1024, MB));
        assertThrows(IllegalArgumentException.class, () -> d.withMemory(MB, MB, 1024));
        assertThrows(IllegalArgumentException.class, () -> d.withMemory(-1, MB, MB));
    }
}
