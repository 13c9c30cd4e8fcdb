package dev.pds.bench.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * What one durable write costs on this disk before any of our code runs: an append of a
 * commit's size with {@code fdatasync} (FileChannel.force(false)), and a bare RocksDB (default
 * options) writing one synced batch of N random keys, as a commit's batch has. The floor under
 * a single connection's createRecord latency. Prints mean, median and 90th percentile.
 * Usage: java -cp pds-bench/target/benchmarks.jar dev.pds.bench.store.SyncedWriteFloor [writes=3000] [dir=./floor-tmp]
 */
public final class SyncedWriteFloor {
    private static final int VALUE_BYTES = 150;

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        Path dir = Path.of(args.length > 1 ? args[1] : "floor-tmp");
        Files.createDirectories(dir);
        try {
            for (int round = 1; round <= 2; round++) {
                print("append 4 kB + fdatasync, round " + round, appends(dir.resolve("append"), n, 4096));
                for (int keys : new int[] {21, 36}) {
                    print("RocksDB synced batch of " + keys + " keys, round " + round, rocks(dir.resolve("db" + keys), n, keys));
                }
            }
        } finally {
            delete(dir);
        }
    }

    static long[] appends(Path file, int n, int bytes) throws IOException {
        long[] lat = new long[n];
        ByteBuffer buf = ByteBuffer.allocate(bytes);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            for (int i = 0; i < n; i++) {
                long t = System.nanoTime();
                ch.write(buf.clear());
                ch.force(false);
                lat[i] = System.nanoTime() - t;
            }
        }
        Files.delete(file);
        return lat;
    }

    static long[] rocks(Path dir, int n, int keys) throws RocksDBException, IOException {
        RocksDB.loadLibrary();
        long[] lat = new long[n];
        Random random = new Random(1);
        try (Options o = new Options().setCreateIfMissing(true);
             RocksDB db = RocksDB.open(o, dir.toString());
             WriteOptions sync = new WriteOptions().setSync(true)) {
            for (int i = 0; i < n; i++) {
                try (WriteBatch b = new WriteBatch()) {
                    for (int k = 0; k < keys; k++) {
                        byte[] key = new byte[36];
                        byte[] value = new byte[VALUE_BYTES];
                        random.nextBytes(key);
                        random.nextBytes(value);
                        b.put(key, value);
                    }
                    long t = System.nanoTime();
                    db.write(sync, b);
                    lat[i] = System.nanoTime() - t;
                }
            }
        }
        delete(dir);
        return lat;
    }

    private static void print(String what, long[] lat) {
        long[] s = lat.clone();
        Arrays.sort(s);
        double mean = Arrays.stream(s).average().orElse(0) / 1e3;
        System.out.printf("%s: mean %.0f us, median %.0f us, p90 %.0f us (%d writes)%n", what, mean,
                s[s.length / 2] / 1e3, s[s.length * 9 / 10] / 1e3, s.length);
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
