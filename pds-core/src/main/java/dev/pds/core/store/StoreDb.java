package dev.pds.core.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.MemoryUsageType;
import org.rocksdb.MemoryUtil;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteBufferManager;
import org.rocksdb.WriteOptions;

/**
 * The open RocksDB database and its column family handles; the only class that creates or
 * frees native RocksDB objects besides short-lived batches, iterators and snapshots.
 */
final class StoreDb implements AutoCloseable {
    static {
        RocksDB.loadLibrary();
    }

    /** WAL kept before the families still in its oldest file are flushed, in write buffers. */
    private static final long WAL_FLUSH_FACTOR = 8;
    /** Retired WAL files kept to be written over instead of deleted. */
    private static final int RECYCLED_WAL_FILES = 4;
    /** Memtable bloom size as a share of the write buffer: 165 kB of an 8 MB memtable, ~13 bits per key. */
    private static final double MEMTABLE_BLOOM_RATIO = 0.02;

    private final RocksDB db;
    private final DBOptions dbOptions;
    private final LRUCache cache;
    private final WriteBufferManager writeBuffers;
    private final FlushCounter flushes = new FlushCounter();
    private final StoreConfig config;
    private final List<ColumnFamilyOptions> cfOptions = new ArrayList<>();
    private final List<BloomFilter> filters = new ArrayList<>();
    private final List<ColumnFamilyHandle> allHandles;
    private final EnumMap<ColumnFamily, ColumnFamilyHandle> handles = new EnumMap<>(ColumnFamily.class);
    private final WriteOptions writeOptions;
    private final ReadOptions defaultRead = new ReadOptions();
    private boolean closed;

    private StoreDb(Path dir, StoreConfig config) throws RocksDBException, IOException {
        Files.createDirectories(dir);
        this.config = config;
        // memtables of all families share one budget, charged to the block cache as RocksDB
        // advises: cache and memtables together stay within one bound, blocks + memtable budget
        cache = new LRUCache(Math.max(config.blockCacheBytes(), 1L << 20) + config.memtableBudgetBytes());
        // a safety net only: full memtables start the flushes (StoreConfig.writeBufferBytes says why)
        writeBuffers = new WriteBufferManager(config.memtableBudgetBytes(), cache, false);
        dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
                .setMaxBackgroundJobs(2).setKeepLogFileNum(4).setWriteBufferManager(writeBuffers)
                // a synced write into a reused WAL file overwrites blocks the file already has, so
                // the sync needs no journal commit for the file's size (about 120 us less per
                // group here: docs/STORAGE.md); flushing all families together retires a WAL
                // file as a whole once its memtables are flushed, so reused files are full-sized
                .setRecycleLogFileNum(RECYCLED_WAL_FILES).setAtomicFlush(true)
                .setListeners(List.of(flushes))
                // the small families' memtables live long; past this much WAL they are flushed
                // together so old WAL files can go
                .setMaxTotalWalSize(WAL_FLUSH_FACTOR * config.memtableBytes());
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        // the default family holds nothing, so it gets the smallest memtable
        descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, newCfOptions(false, StoreConfig.MIN_MEMTABLE_BYTES)));
        for (ColumnFamily cf : ColumnFamily.values()) {
            descriptors.add(new ColumnFamilyDescriptor(cf.nameBytes(), newCfOptions(cf.pointLookups(), config.writeBufferBytes(cf))));
        }
        allHandles = new ArrayList<>();
        db = RocksDB.open(dbOptions, dir.toString(), descriptors, allHandles);
        for (ColumnFamily cf : ColumnFamily.values()) {
            handles.put(cf, allHandles.get(cf.ordinal() + 1));
        }
        writeOptions = new WriteOptions().setSync(config.syncWrites());
    }

    static StoreDb open(Path dir, StoreConfig config) {
        try {
            return new StoreDb(dir, config);
        } catch (RocksDBException | IOException e) {
            throw new StoreException("cannot open store at " + dir + ": " + e.getMessage(), e);
        }
    }

    private ColumnFamilyOptions newCfOptions(boolean bloom, long writeBufferBytes) {
        // index and filter blocks live in the block cache (bounded by it), the L0 ones pinned there
        BlockBasedTableConfig table = new BlockBasedTableConfig().setBlockCache(cache)
                .setCacheIndexAndFilterBlocks(true).setPinL0FilterAndIndexBlocksInCache(true);
        if (bloom) {
            BloomFilter filter = new BloomFilter(10, false);
            filters.add(filter);
            table.setFilterPolicy(filter);
        }
        ColumnFamilyOptions o = new ColumnFamilyOptions().setTableFormatConfig(table)
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setWriteBufferSize(writeBufferBytes);
        if (bloom) {
            // a whole-key bloom filter in front of the memtable too: a miss skips the skiplist search
            o.setMemtablePrefixBloomSizeRatio(MEMTABLE_BLOOM_RATIO).setMemtableWholeKeyFiltering(true);
        }
        cfOptions.add(o);
        return o;
    }

    /**
     * The memory limits as RocksDB holds them (read back from the options the database was
     * opened with) and what it uses now.
     */
    StoreMemory memory() {
        var usage = MemoryUtil.getApproximateMemoryUsageByType(List.of(db), java.util.Set.of(cache));
        long perFamily = cfOptions.stream().mapToLong(ColumnFamilyOptions::writeBufferSize).max().orElse(0);
        long capacity;
        try {
            capacity = db.getLongProperty(handles.get(ColumnFamily.BLOCKS), "rocksdb.block-cache-capacity");
        } catch (RocksDBException e) {
            throw new StoreException("cannot read the block cache capacity: " + e.getMessage(), e);
        }
        return new StoreMemory(capacity, perFamily, config.memtableBudgetBytes(),
                usage.getOrDefault(MemoryUsageType.kCacheTotal, 0L),
                usage.getOrDefault(MemoryUsageType.kMemTableTotal, 0L),
                usage.getOrDefault(MemoryUsageType.kTableReadersTotal, 0L));
    }

    MemtableFlushes flushes() {
        return flushes.snapshot();
    }

    ColumnFamilyHandle handle(ColumnFamily cf) {
        return handles.get(cf);
    }

    byte[] get(ColumnFamily cf, byte[] key) {
        return get(cf, defaultRead, key);
    }

    /**
     * The value at {@code key}, or null. RocksJava's {@code get} reports a missing key by
     * throwing and catching a C++ exception inside the JNI call (several microseconds, and a
     * process-wide lock while the unwinder searches its tables), and misses are common here:
     * every commit asks for the reference count of blocks that are not records. So where misses
     * are common, {@code keyMayExist} answers first, from the memtable's and the SST files'
     * bloom filters; blocks are read straight away, being almost always there.
     */
    byte[] get(ColumnFamily cf, ReadOptions read, byte[] key) {
        ColumnFamilyHandle h = handles.get(cf);
        try {
            if (cf != ColumnFamily.BLOCKS && !db.keyMayExist(h, read, key, null)) {
                return null;
            }
            return db.get(h, read, key);
        } catch (RocksDBException e) {
            throw new StoreException("read failed in " + cf + ": " + e.getMessage(), e);
        }
    }

    /**
     * The value at {@code key}, or null, for keys that are almost always there (a session named
     * by a valid token, a hosted account, a repo's head): a plain read, since the filter check in
     * front of {@link #get(ColumnFamily, ReadOptions, byte[])} costs more than the read itself
     * when the key exists. A miss costs the native exception described there.
     */
    byte[] getPresent(ColumnFamily cf, byte[] key) {
        try {
            return db.get(handles.get(cf), defaultRead, key);
        } catch (RocksDBException e) {
            throw new StoreException("read failed in " + cf + ": " + e.getMessage(), e);
        }
    }

    /** Plain read options, shared because the native side copies them into each iterator. */
    ReadOptions defaultRead() {
        return defaultRead;
    }

    RocksIterator iterator(ColumnFamily cf, ReadOptions read) {
        return db.newIterator(handles.get(cf), read);
    }

    /** Writes a batch with the configured durability (synced WAL unless a benchmark says otherwise). */
    void write(WriteBatch batch) throws RocksDBException {
        db.write(writeOptions, batch);
    }

    RocksDB raw() {
        return db;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
            db.flush(flush, new ArrayList<>(handles.values()));
            db.flushWal(true);
        } catch (RocksDBException e) {
            // the WAL already holds every acknowledged write; a failed flush only means a longer replay
        }
        for (ColumnFamilyHandle h : allHandles) {
            h.close();
        }
        try {
            db.closeE();
        } catch (RocksDBException e) {
            throw new StoreException("close failed: " + e.getMessage(), e);
        } finally {
            writeOptions.close();
            defaultRead.close();
            dbOptions.close();
            cfOptions.forEach(ColumnFamilyOptions::close);
            filters.forEach(BloomFilter::close);
            writeBuffers.close();
            flushes.close();
            cache.close();
        }
    }
}
