package dev.pds.core.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.core.block.Block;
import dev.pds.core.data.Cid;
import dev.pds.core.repo.WriteOp;
import dev.pds.core.syntax.Did;
import dev.pds.core.syntax.Nsid;
import dev.pds.core.syntax.RecordKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * {@link StoreFormat}: a store written in format 1 (revs under keys of their own in
 * {@code block_revs}, as versions before format 2 wrote it) opens as format 2 with the same
 * content, also when an earlier upgrade stopped half-way; a store from a newer version is refused.
 */
class StoreFormatTest {
    static final String POST = RepoSinceExportTest.POST;
    static final Did ALICE = RepoSinceExportTest.ALICE;
    static final Did BOB = RepoSinceExportTest.BOB;

    @TempDir
    Path dir;

    /** What the tests compare before and after an upgrade. */
    record Content(byte[] aliceCar, byte[] bobCar, Set<Cid> aliceSince, String sinceRev) {
    }

    @Test
    void aNewStoreIsWrittenInTheCurrentFormat() {
        try (RepoStore store = RepoStore.open(dir, StoreConfig.defaults())) {
            assertEquals(StoreFormat.CURRENT, StoreFormat.format(CrashRecoveryTest.rawDb(store)));
            assertEquals(0, store.blocksUpgradedAtOpen());
        }
    }

    @Test
    void aFormatOneStoreOpensUpgradedWithTheSameContent() throws IOException {
        Content before = fill();
        downgrade(dir, null);
        try (StoreDb db = StoreDb.open(dir, StoreConfig.defaults())) {
            assertEquals(1, StoreFormat.format(db));
        }
        try (RepoStore store = RepoStore.open(dir, StoreConfig.defaults())) {
            StoreDb db = CrashRecoveryTest.rawDb(store);
            assertEquals(StoreFormat.CURRENT, StoreFormat.format(db));
            assertEquals(CrashRecoveryTest.rawReader(store).count(ColumnFamily.BLOCKS, new byte[0]), store.blocksUpgradedAtOpen());
            assertNull(db.get(ColumnFamily.META, Keys.META_UPGRADE_PROGRESS));
            assertEquals(0, CrashRecoveryTest.rawReader(store).count(ColumnFamily.BLOCK_REVS, new byte[0]));
            assertContent(store, before);
            // and it goes on being written
            RepoSinceExportTest.write(store, ALICE, WriteOp.create(POST, "after", RepoSinceExportTest.post("after")));
            assertArrayEquals(Block.ofDagCbor(RepoSinceExportTest.post("after")).bytes(),
                    store.records().getRecord(ALICE, Nsid.parse(POST), RecordKey.parse("after")).orElseThrow().bytes());
        }
    }

    @Test
    void anUpgradeStoppedHalfWayResumesWithoutRewritingABlockTwice() throws IOException {
        Content before = fill();
        downgrade(dir, null);
        try (StoreDb db = StoreDb.open(dir, StoreConfig.defaults())) {
            var revs = StoreFormat.headRevs(db);
            assertEquals(7, StoreFormat.upgradeChunk(db, revs, 7));
            assertEquals(7, StoreFormat.upgradeChunk(db, revs, 7));
            assertEquals(1, StoreFormat.format(db), "not finished");
            // the process stops here: the two chunks and their progress are durable, nothing else
        }
        try (RepoStore store = RepoStore.open(dir, StoreConfig.defaults())) {
            assertEquals(StoreFormat.CURRENT, StoreFormat.format(CrashRecoveryTest.rawDb(store)));
            assertContent(store, before);
        }
    }

    @Test
    void aBlockThatHadNoRevIsSentByEveryLaterSinceExport() throws IOException {
        Content before = fill();
        byte[][] lost = new byte[1][];
        downgrade(dir, lost);
        try (RepoStore store = RepoStore.open(dir, StoreConfig.defaults())) {
            RepoHead head = store.head(ALICE).orElseThrow();
            byte[] value = CrashRecoveryTest.rawDb(store).get(ColumnFamily.BLOCKS, lost[0]);
            assertEquals(head.rev(), revOf(value), "its repo's head rev");
            try (RepoSnapshot snap = store.snapshot(ALICE).orElseThrow()) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                snap.writeCarSince(before.sinceRev(), out);
                Cid cid = Cid.read(lost[0], Keys.REPO_ID_BYTES, lost[0].length);
                assertTrue(RepoSinceExportTest.blocks(out.toByteArray()).contains(cid));
            }
        }
    }

    @Test
    void versionsThatDoNotReadTheFormatCannotOpenAStoreThisOneOpened() {
        RepoStore.open(dir, StoreConfig.defaults()).close();
        // the families a version from before format 2 opens: all but the guard
        List<ColumnFamilyDescriptor> older = new ArrayList<>();
        older.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY));
        for (ColumnFamily cf : ColumnFamily.values()) {
            if (cf != ColumnFamily.FORMAT_GUARD) {
                older.add(new ColumnFamilyDescriptor(cf.nameBytes()));
            }
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (DBOptions options = new DBOptions()) {
            RocksDBException e = assertThrows(RocksDBException.class, () -> RocksDB.open(options, dir.toString(), older, handles));
            assertTrue(e.getMessage().contains("format_guard"), e.getMessage());
        }
        assertTrue(handles.isEmpty());
    }

    @Test
    void aStoreFromANewerVersionIsRefused() {
        try (StoreDb db = StoreDb.open(dir, StoreConfig.defaults())) {
            db.raw().put(db.handle(ColumnFamily.META), Keys.META_FORMAT, Keys.intValue(StoreFormat.CURRENT + 1));
        } catch (RocksDBException e) {
            throw new AssertionError(e);
        }
        StoreException e = assertThrows(StoreException.class, () -> RepoStore.open(dir, StoreConfig.defaults()));
        assertTrue(e.getMessage().contains("newer version"), e.getMessage());
    }

    /** Two repos, one record block used twice, and a rev to export since; closes the store. */
    private Content fill() throws IOException {
        try (RepoStore store = RepoStore.open(dir, StoreConfig.defaults())) {
            store.createRepo(ALICE, RepoSinceExportTest.KEY, CommitEvents.NONE).join();
            store.createRepo(BOB, RepoSinceExportTest.KEY, CommitEvents.NONE).join();
            for (int i = 0; i < 20; i++) {
                RepoSinceExportTest.write(store, ALICE, WriteOp.create(POST, "a" + i, RepoSinceExportTest.post("a " + i)));
                RepoSinceExportTest.write(store, BOB, WriteOp.create(POST, "b" + i, RepoSinceExportTest.post("b " + i)));
            }
            RepoSinceExportTest.write(store, ALICE, WriteOp.create(POST, "same1", RepoSinceExportTest.post("same")));
            String since = store.head(ALICE).orElseThrow().rev();
            RepoSinceExportTest.write(store, ALICE, WriteOp.create(POST, "same2", RepoSinceExportTest.post("same")),
                    WriteOp.update(POST, "a3", RepoSinceExportTest.post("changed")));
            RepoSinceExportTest.write(store, ALICE, WriteOp.create(POST, "a100", RepoSinceExportTest.post("late")));
            return content(store, since);
        }
    }

    private static Content content(RepoStore store, String since) throws IOException {
        try (RepoSnapshot snap = store.snapshot(ALICE).orElseThrow()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            snap.writeCarSince(since, out);
            return new Content(RepoSinceExportTest.fullExport(store, ALICE), RepoSinceExportTest.fullExport(store, BOB),
                    RepoSinceExportTest.blocks(out.toByteArray()), since);
        }
    }

    private static void assertContent(RepoStore store, Content expected) throws IOException {
        Content now = content(store, expected.sinceRev());
        assertArrayEquals(expected.aliceCar(), now.aliceCar());
        assertArrayEquals(expected.bobCar(), now.bobCar());
        assertEquals(expected.aliceSince(), now.aliceSince());
        assertTrue(expected.aliceSince().size() > 1, "the since export holds more than the commit");
    }

    /**
     * Rewrites the store as format 1 held it: the block bytes alone in {@code blocks}, the rev
     * under the same key in {@code block_revs}, no format key. With {@code lost} non-null, the
     * rev of one block of the first repo is left out and its key put in {@code lost[0]}.
     */
    static void downgrade(Path dir, byte[][] lost) {
        try (StoreDb db = StoreDb.open(dir, StoreConfig.defaults());
             WriteBatch batch = new WriteBatch();
             RocksIterator it = db.iterator(ColumnFamily.BLOCKS, db.defaultRead())) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] value = it.value();
                byte[] block = Arrays.copyOf(value, BlockValue.blockLength(value));
                batch.put(db.handle(ColumnFamily.BLOCKS), it.key(), block);
                if (lost != null && lost[0] == null && value.length > 200) {
                    lost[0] = it.key();
                    continue;
                }
                batch.put(db.handle(ColumnFamily.BLOCK_REVS), it.key(), revOf(value).getBytes(StandardCharsets.US_ASCII));
            }
            batch.delete(db.handle(ColumnFamily.META), Keys.META_FORMAT);
            db.write(batch);
        } catch (RocksDBException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }

    static String revOf(byte[] value) {
        int from = BlockValue.blockLength(value);
        return new String(value, from, value.length - 1 - from, StandardCharsets.US_ASCII);
    }
}
