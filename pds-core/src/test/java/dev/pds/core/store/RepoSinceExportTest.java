package dev.pds.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.core.block.Block;
import dev.pds.core.car.CarContents;
import dev.pds.core.car.CarLimits;
import dev.pds.core.car.CarReader;
import dev.pds.core.data.Cid;
import dev.pds.core.data.DataMap;
import dev.pds.core.repo.WriteOp;
import dev.pds.core.sync.RepoExport;
import dev.pds.core.syntax.Did;
import dev.pds.crypto.Curve;
import dev.pds.crypto.Keypair;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RepoSnapshot#writeCarSince}: the blocks a repo gained after a rev, as the reference
 * PDS answers {@code getRepo?since=}: every current block whose adding commit is newer than
 * {@code since}, compared here with the difference of two full exports.
 */
class RepoSinceExportTest {
    static final String POST = "app.bsky.feed.post";
    static final Keypair KEY = Keypair.generate(Curve.K256);
    static final Did ALICE = Did.parse("did:plc:alice234567abcdefghijkl");
    static final Did BOB = Did.parse("did:plc:bob34567abcdefghijklmnop");

    @TempDir
    Path dir;

    static DataMap post(String text) {
        return DataMap.builder().put("$type", POST).put("text", text).put("createdAt", "2024-01-01T00:00:00Z").build();
    }

    static void write(RepoStore store, Did did, WriteOp... ops) {
        store.applyWrites(did, List.of(ops), null, KEY, CommitEvents.NONE).join();
    }

    @Test
    void sinceARevSendsExactlyTheBlocksAddedAfterIt() throws IOException {
        try (RepoStore store = RepoStore.open(dir, StoreConfig.defaults())) {
            store.createRepo(ALICE, KEY, CommitEvents.NONE).join();
            store.createRepo(BOB, KEY, CommitEvents.NONE).join();
            for (int i = 0; i < 40; i++) {
                write(store, ALICE, WriteOp.create(POST, String.format("a%03d", i), post("first " + i)));
                write(store, BOB, WriteOp.create(POST, String.format("b%03d", i), post("bob " + i)));
            }
            String since = store.head(ALICE).orElseThrow().rev();
            Set<Cid> before = blocks(fullExport(store, ALICE));

            write(store, ALICE, WriteOp.create(POST, "a100", post("new one")));
            write(store, ALICE, WriteOp.update(POST, "a003", post("changed")), WriteOp.delete(POST, "a020"));
            write(store, BOB, WriteOp.create(POST, "b100", post("bob new")));
            write(store, ALICE, WriteOp.create(POST, "a101", post("newer one")));

            byte[] full = fullExport(store, ALICE);
            Set<Cid> expected = blocks(full);
            expected.removeAll(before);
            try (RepoSnapshot snap = store.snapshot(ALICE).orElseThrow()) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                RepoExport.Stats stats = snap.writeCarSince(since, out);
                CarContents car = CarReader.readAll(out.toByteArray(), CarLimits.DEFAULT);
                assertEquals(snap.head().commit(), car.root(), "rooted at the head");
                assertEquals(snap.head().commit(), car.blocks().cids().get(0), "the commit comes first");
                assertEquals(expected, new TreeSet<>(car.blocks().cids()));
                assertEquals(expected.size(), stats.blocks());
                assertEquals(out.size(), stats.bytes());
                // the bytes are the stored ones
                CarContents all = CarReader.readAll(full, CarLimits.DEFAULT);
                for (Block b : car.blocks()) {
                    assertTrue(java.util.Arrays.equals(all.blocks().get(b.cid()), b.bytes()));
                }
            }
        }
    }

    @Test
    void sinceTheHeadSendsNoBlocksAndSinceTheBeginningSendsTheWholeRepo() throws IOException {
        try (RepoStore store = RepoStore.open(dir, StoreConfig.defaults())) {
            store.createRepo(ALICE, KEY, CommitEvents.NONE).join();
            for (int i = 0; i < 10; i++) {
                write(store, ALICE, WriteOp.create(POST, "p" + i, post("p" + i)));
            }
            try (RepoSnapshot snap = store.snapshot(ALICE).orElseThrow()) {
                ByteArrayOutputStream head = new ByteArrayOutputStream();
                RepoExport.Stats none = snap.writeCarSince(snap.head().rev(), head);
                assertEquals(0, none.blocks());
                CarContents empty = CarReader.readAll(head.toByteArray(), CarLimits.DEFAULT);
                assertEquals(snap.head().commit(), empty.root());
                assertTrue(empty.blocks().isEmpty());

                ByteArrayOutputStream later = new ByteArrayOutputStream();
                assertEquals(0, snap.writeCarSince("zzzzzzzzzzzzz", later).blocks(), "a rev after the head");

                ByteArrayOutputStream all = new ByteArrayOutputStream();
                snap.writeCarSince("2222222222222", all);
                ByteArrayOutputStream full = new ByteArrayOutputStream();
                snap.writeCar(full);
                assertEquals(blocks(full.toByteArray()), blocks(all.toByteArray()));
            }
        }
    }

    @Test
    void aRecordBlockSharedWithAnOlderRecordKeepsItsOlderRev() throws IOException {
        try (RepoStore store = RepoStore.open(dir, StoreConfig.defaults())) {
            store.createRepo(ALICE, KEY, CommitEvents.NONE).join();
            write(store, ALICE, WriteOp.create(POST, "one", post("same text")));
            String since = store.head(ALICE).orElseThrow().rev();
            Cid shared = store.records().getRecord(ALICE, dev.pds.core.syntax.Nsid.parse(POST),
                    dev.pds.core.syntax.RecordKey.parse("one")).orElseThrow().cid();
            // a second record with the same content: the block is not new to the repo
            write(store, ALICE, WriteOp.create(POST, "two", post("same text")));
            try (RepoSnapshot snap = store.snapshot(ALICE).orElseThrow()) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                snap.writeCarSince(since, out);
                Set<Cid> sent = blocks(out.toByteArray());
                assertFalse(sent.contains(shared), "the reference inserts blocks it already has with their old rev");
                assertTrue(sent.contains(snap.head().commit()));
            }
            // once the first record is gone and the block is added again, it is new again
            write(store, ALICE, WriteOp.delete(POST, "one"), WriteOp.delete(POST, "two"));
            String gone = store.head(ALICE).orElseThrow().rev();
            write(store, ALICE, WriteOp.create(POST, "three", post("same text")));
            try (RepoSnapshot snap = store.snapshot(ALICE).orElseThrow()) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                snap.writeCarSince(gone, out);
                assertTrue(blocks(out.toByteArray()).contains(shared));
            }
        }
    }

    @Test
    void eachBlockCarriesTheRevOfItsCommitAndNoRevKeysAreWritten() {
        try (RepoStore store = RepoStore.open(dir, StoreConfig.defaults())) {
            store.createRepo(ALICE, KEY, CommitEvents.NONE).join();
            String first = store.head(ALICE).orElseThrow().rev();
            write(store, ALICE, WriteOp.create(POST, "one", post("x")));
            write(store, ALICE, WriteOp.create(POST, "two", post("y")));
            RepoHead head = store.head(ALICE).orElseThrow();
            StoreReader reader = CrashRecoveryTest.rawReader(store);
            assertEquals(0, reader.count(ColumnFamily.BLOCK_REVS, Keys.repoPrefix(head.repoId())));
            StoreDb db = CrashRecoveryTest.rawDb(store);
            byte[] newest = db.get(ColumnFamily.BLOCKS, Keys.block(head.repoId(), head.commit()));
            assertEquals(head.rev(), StoreFormatTest.revOf(newest), "the head commit carries the head rev");
            assertTrue(reader.count(ColumnFamily.BLOCKS, Keys.repoPrefix(head.repoId())) > 3);
            try (org.rocksdb.RocksIterator it = db.iterator(ColumnFamily.BLOCKS, db.defaultRead())) {
                for (it.seek(Keys.repoPrefix(head.repoId())); it.isValid(); it.next()) {
                    String rev = StoreFormatTest.revOf(it.value());
                    assertTrue(rev.compareTo(first) >= 0 && rev.compareTo(head.rev()) <= 0, rev);
                }
            }
            store.deleteRepo(ALICE, List.of()).join();
            assertEquals(0, reader.count(ColumnFamily.BLOCKS, Keys.repoPrefix(head.repoId())));
        }
    }

    static byte[] fullExport(RepoStore store, Did did) throws IOException {
        try (RepoSnapshot snap = store.snapshot(did).orElseThrow()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            snap.writeCar(out);
            return out.toByteArray();
        }
    }

    static Set<Cid> blocks(byte[] car) {
        return new TreeSet<>(new ArrayList<>(CarReader.readAll(car, CarLimits.DEFAULT).blocks().cids()));
    }
}
