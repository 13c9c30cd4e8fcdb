package dev.pds.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * Merging a group's changes per key gives the same database as applying every change in order:
 * random puts, deletes and range deletes over a few keys and two families, in groups of
 * several writes, on top of keys that were there before.
 */
class GroupChangesTest {
    @TempDir
    Path dir;

    private static final List<ColumnFamily> FAMILIES = List.of(ColumnFamily.BLOCKS, ColumnFamily.REPOS);

    private static byte[] key(int k) {
        return new byte[] {0, 0, 0, (byte) (k / 4), (byte) k};
    }

    private static BatchOps randomWrite(Random random) {
        BatchOps ops = new BatchOps();
        int n = 1 + random.nextInt(8);
        for (int i = 0; i < n; i++) {
            ColumnFamily cf = FAMILIES.get(random.nextInt(FAMILIES.size()));
            int k = random.nextInt(12);
            int kind = random.nextInt(20);
            if (kind < 11) {
                ops.put(cf, key(k), new byte[] {(byte) random.nextInt(100)});
            } else if (kind < 19) {
                ops.delete(cf, key(k));
            } else {
                int to = k + 1 + random.nextInt(4);
                ops.deleteRange(cf, key(k), key(to));
            }
        }
        return ops;
    }

    @Test
    void mergedGroupsLeaveTheSameDatabaseAsEveryChangeInOrder() throws Exception {
        Random random = new Random(11);
        StoreConfig config = StoreConfig.defaults().withSyncWrites(false);
        long received = 0;
        long written = 0;
        try (StoreDb merged = StoreDb.open(dir.resolve("merged"), config); StoreDb plain = StoreDb.open(dir.resolve("plain"), config)) {
            for (int round = 0; round < 300; round++) {
                List<BatchOps> group = new ArrayList<>();
                for (int w = random.nextInt(5); w >= 0; w--) {
                    group.add(randomWrite(random));
                }
                try (WriteBatch a = new WriteBatch(); WriteBatch b = new WriteBatch()) {
                    GroupChanges changes = new GroupChanges(merged, a);
                    for (BatchOps ops : group) {
                        changes.add(ops);
                        ops.applyTo(b, plain);
                    }
                    changes.flush();
                    received += changes.received();
                    written += changes.written();
                    merged.write(a);
                    plain.write(b);
                }
                for (ColumnFamily cf : FAMILIES) {
                    assertEquals(contents(plain, cf), contents(merged, cf), "round " + round + ", " + cf);
                }
            }
        }
        assertTrue(written < received, "some changes were merged away: " + written + " of " + received);
    }

    private static TreeMap<String, String> contents(StoreDb db, ColumnFamily cf) {
        TreeMap<String, String> out = new TreeMap<>();
        try (RocksIterator it = db.iterator(cf, db.defaultRead())) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                out.put(HexFormat.of().formatHex(it.key()), HexFormat.of().formatHex(it.value()));
            }
        }
        return out;
    }
}
