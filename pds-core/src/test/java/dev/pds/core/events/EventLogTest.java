package dev.pds.core.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.core.block.BlockMap;
import dev.pds.core.car.CarContents;
import dev.pds.core.car.CarLimits;
import dev.pds.core.car.CarReader;
import dev.pds.core.data.DataMap;
import dev.pds.core.mst.Mst;
import dev.pds.core.mst.NodeCache;
import dev.pds.core.repo.Commit;
import dev.pds.core.repo.RepoOp;
import dev.pds.core.repo.WriteOp;
import dev.pds.core.store.AppliedCommit;
import dev.pds.core.store.RepoStore;
import dev.pds.core.store.StoreConfig;
import dev.pds.core.store.StoredEvent;
import dev.pds.core.syntax.Did;
import dev.pds.core.syntax.Handle;
import dev.pds.crypto.Curve;
import dev.pds.crypto.Keypair;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The events package against a real store: commit events in the commit's write, the log's reads, retention. */
class EventLogTest {
    static final Did ALICE = Did.parse("did:plc:alice234567abcdefghijklm");
    static final Keypair KEY = Keypair.generate(Curve.K256);
    static final String POST = "app.bsky.feed.post";

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2024-01-01T00:00:00Z"));
    private final FirehoseEvents events = new FirehoseEvents(new EventClock(clock));

    static DataMap post(String text) {
        return DataMap.builder().put("$type", POST).put("text", text).put("createdAt", "2024-01-01T00:00:00Z").build();
    }

    @Test
    void commitEventsAreLoggedWithTheirCommitAndInvertToPrevData() {
        try (RepoStore store = RepoStore.open(dir, StoreConfig.defaults())) {
            AppliedCommit created = store.createRepo(ALICE, KEY, events.accountCreation(Handle.parse("alice.test"))).join();
            assertEquals(4, created.seqs().length);
            List<AppliedCommit> commits = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                List<WriteOp> writes = new ArrayList<>();
                writes.add(WriteOp.create(POST, String.format("r%03d", i), post("p" + i)));
                if (i % 3 == 2) {
                    writes.add(WriteOp.update(POST, String.format("r%03d", i - 1), post("edited")));
                    writes.add(WriteOp.delete(POST, String.format("r%03d", i - 2)));
                }
                commits.add(store.applyWrites(ALICE, writes, null, KEY, events).join());
            }
            List<StoredEvent> log = store.log().events(0, 1000);
            assertEquals(34, log.size());
            assertEquals(34, store.log().lastSeq());
            for (int i = 0; i < log.size(); i++) {
                assertEquals(i + 1, log.get(i).seq());
                assertEquals(i + 1, FrameDecoder.decode(log.get(i).frame()).seq(), "the frame carries its own seq");
            }
            for (AppliedCommit c : commits) {
                StreamMessage.Commit m = assertInstanceOf(StreamMessage.Commit.class,
                        FrameDecoder.decode(log.get((int) c.seq() - 1).frame()));
                assertEquals(c.result().cid(), m.commit());
                checkSignedAndInvertible(m);
            }
        }
    }

    /** What a Sync 1.1 consumer does: verify the signature, then undo the ops on the event's blocks alone. */
    static void checkSignedAndInvertible(StreamMessage.Commit m) {
        CarContents car = CarReader.readAll(m.blocks(), CarLimits.DEFAULT);
        assertEquals(m.commit(), car.root());
        BlockMap blocks = car.blocks();
        Commit commit = Commit.decode(blocks.get(m.commit()));
        assertTrue(commit.verify(KEY.didKey()));
        assertEquals(m.rev(), commit.rev());
        Mst tree = Mst.load(blocks, commit.data(), new NodeCache(0));
        List<RepoOp> ops = new ArrayList<>(m.ops());
        Collections.reverse(ops);
        for (RepoOp op : ops) {
            assertEquals(op.cid(), tree.get(op.path()));
            if (op.cid() != null) {
                assertTrue(blocks.contains(op.cid()), "record block travels with its op");
            }
            tree = switch (op.action()) {
                case CREATE -> tree.delete(op.path());
                case UPDATE -> tree.update(op.path(), op.prev());
                case DELETE -> tree.add(op.path(), op.prev());
            };
        }
        assertEquals(m.prevData(), tree.root());
    }

    @Test
    void pagesAreBoundedByBytesAndTheLogCanBeCutBelowASeq() {
        try (RepoStore store = RepoStore.open(dir, StoreConfig.defaults())) {
            assertEquals(OptionalLong.empty(), store.log().firstEventSeq());
            logIdentities(store, 10);
            int frameSize = store.log().events(0, 1).get(0).frame().length;
            assertEquals(3, store.log().events(0, 100, 3L * frameSize).size());
            assertEquals(1, store.log().events(0, 100, 1).size(), "at least one event, however small the budget");
            assertEquals(List.of(5L, 6L), store.log().events(4, 2, Long.MAX_VALUE).stream().map(StoredEvent::seq).toList());

            store.log().deleteEventsBefore(4);
            assertEquals(OptionalLong.of(4), store.log().firstEventSeq());
            assertEquals(4, store.log().events(0, 100).get(0).seq());
            assertThrows(IllegalArgumentException.class, () -> store.log().deleteEventsBefore(12));
            assertThrows(IllegalArgumentException.class, () -> store.log().deleteEventsBefore(0));
            assertThrows(IllegalArgumentException.class, () -> store.log().events(-1, 10, 10));
            assertThrows(IllegalArgumentException.class, () -> store.log().events(0, 10, 0));
            store.log().deleteEventsBefore(11);
            assertEquals(OptionalLong.empty(), store.log().firstEventSeq());
            assertEquals(10, store.log().lastSeq());
        }
        try (RepoStore store = RepoStore.open(dir, StoreConfig.defaults())) {
            assertEquals(OptionalLong.empty(), store.log().firstEventSeq());
            long[] seqs = store.logEvents(List.of(events.identity(ALICE, null))).join();
            assertEquals(11, seqs[0], "sequence numbers are never reused, even after the log was emptied");
        }
    }

    @Test
    void retentionDropsEventsByAgeAndByCount() {
        try (RepoStore store = RepoStore.open(dir, StoreConfig.defaults())) {
            EventPruner byAge = new EventPruner(store, new EventRetention(Duration.ofHours(72), 1_000));
            assertEquals(0, byAge.prune(clock.instant()), "nothing to prune in an empty log");
            // 100 events an hour apart: seq n at hour n-1
            for (int i = 0; i < 100; i++) {
                logIdentities(store, 1);
                clock.advance(Duration.ofHours(1));
            }
            byte[] kept = store.log().events(28, 1).get(0).frame(); // seq 29
            // now = hour 100: events younger than 72 h are those at hours >= 28, seqs >= 29
            assertEquals(28, byAge.prune(clock.instant()));
            assertEquals(OptionalLong.of(29), store.log().firstEventSeq());
            assertEquals(72, store.log().events(0, 1000).size());
            assertArrayEquals(kept, store.log().events(0, 1).get(0).frame(), "kept events are untouched");
            assertEquals(0, byAge.prune(clock.instant()), "a second run finds nothing more");

            EventPruner byCount = new EventPruner(store, new EventRetention(Duration.ofDays(365), 10));
            assertEquals(62, byCount.prune(clock.instant()));
            assertEquals(OptionalLong.of(91), store.log().firstEventSeq());
            assertEquals(100, store.log().lastSeq());

            clock.advance(Duration.ofDays(30));
            assertEquals(10, byAge.prune(clock.instant()));
            assertEquals(OptionalLong.empty(), store.log().firstEventSeq());
            assertEquals(100, store.log().lastSeq());
        }
    }

    @Test
    void binarySearchFindsTheFirstYoungEventAcrossGaps() {
        try (RepoStore store = RepoStore.open(dir, StoreConfig.defaults())) {
            for (int i = 0; i < 40; i++) {
                logIdentities(store, 1);
                clock.advance(Duration.ofMinutes(1));
            }
            store.log().deleteEventsBefore(5);
            EventPruner pruner = new EventPruner(store, EventRetention.defaults());
            Instant start = Instant.parse("2024-01-01T00:00:00Z");
            for (int minute = 0; minute <= 41; minute++) {
                long expected = Math.max(5, Math.min(minute + 1, 41));
                assertEquals(expected, pruner.firstAtOrAfter(start.plus(Duration.ofMinutes(minute)), 5, 40), "minute " + minute);
            }
        }
    }

    private void logIdentities(RepoStore store, int n) {
        List<dev.pds.core.store.EventSource> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batch.add(events.identity(ALICE, Handle.parse("alice.test")));
        }
        store.logEvents(batch).join();
    }
}
