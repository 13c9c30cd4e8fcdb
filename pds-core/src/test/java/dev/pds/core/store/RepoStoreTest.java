package dev.pds.core.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.core.block.BlockSource;
import dev.pds.core.data.Cid;
import dev.pds.core.data.DagCbor;
import dev.pds.core.error.XrpcException;
import dev.pds.core.store.ToyRepo.Write;
import dev.pds.core.syntax.Did;
import dev.pds.core.syntax.Nsid;
import dev.pds.core.syntax.RecordKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepoStoreTest {
    static final String POST = "app.bsky.feed.post";
    static final Did ALICE = Did.parse("did:plc:alice234567abcdefghijklm");
    static final Did BOB = Did.parse("did:plc:bob34567abcdefghijklmnop");

    @TempDir
    Path dir;
    RepoStore store;

    @BeforeEach
    void open() {
        store = RepoStore.open(dir, StoreConfig.defaults());
    }

    @AfterEach
    void close() {
        store.close();
    }

    CommitAck create(Did did, Write... writes) {
        return store.createRepo(did, ToyRepo.writes(did.toString(), writes)).join();
    }

    CommitAck commit(Did did, Write... writes) {
        return store.commit(did, null, ToyRepo.writes(did.toString(), writes)).join();
    }

    Optional<StoredRecord> get(Did did, String collection, String rkey) {
        return store.records().getRecord(did, Nsid.parse(collection), RecordKey.parse(rkey));
    }

    BlockSource blocks(Did did) {
        return store.blocks(did).orElseThrow();
    }

    @Test
    void createThenReadBack() {
        CommitAck ack = create(ALICE, Write.put(POST, "a1", "hello"));
        RepoHead head = store.head(ALICE).orElseThrow();
        assertEquals(ack.commit(), head.commit());
        assertEquals(ack.rev(), head.rev());
        assertEquals(1, ack.seq());
        StoredRecord r = get(ALICE, POST, "a1").orElseThrow();
        assertEquals(ToyRepo.record("hello"), DagCbor.decode(r.bytes()));
        assertEquals(Cid.ofDagCbor(r.bytes()), r.cid());
        assertTrue(blocks(ALICE).has(head.commit()));
        assertTrue(blocks(ALICE).has(head.data()));
        assertTrue(get(ALICE, POST, "a2").isEmpty());
        assertTrue(get(BOB, POST, "a1").isEmpty());
        assertTrue(store.head(BOB).isEmpty());
    }

    @Test
    void updatesAndDeletesRemoveUnreachableBlocks() {
        create(ALICE, Write.put(POST, "a1", "one"));
        RepoHead first = store.head(ALICE).orElseThrow();
        Cid oldRecord = get(ALICE, POST, "a1").orElseThrow().cid();
        commit(ALICE, Write.put(POST, "a1", "two"));
        RepoHead second = store.head(ALICE).orElseThrow();
        assertFalse(blocks(ALICE).has(first.commit()), "old commit block deleted");
        assertFalse(blocks(ALICE).has(first.data()), "old data block deleted");
        assertFalse(blocks(ALICE).has(oldRecord), "replaced record block deleted");
        assertEquals(ToyRepo.record("two"), DagCbor.decode(get(ALICE, POST, "a1").orElseThrow().bytes()));
        Cid current = get(ALICE, POST, "a1").orElseThrow().cid();
        commit(ALICE, Write.delete(POST, "a1"));
        assertTrue(get(ALICE, POST, "a1").isEmpty());
        assertFalse(blocks(ALICE).has(current));
        assertFalse(blocks(ALICE).has(second.commit()));
    }

    @Test
    void recordBlockSharedByTwoRecordsLivesUntilTheLastGoes() {
        create(ALICE, Write.put(POST, "a1", "same"), Write.put(POST, "a2", "same"));
        Cid shared = get(ALICE, POST, "a1").orElseThrow().cid();
        assertEquals(shared, get(ALICE, POST, "a2").orElseThrow().cid());
        commit(ALICE, Write.delete(POST, "a1"));
        assertTrue(blocks(ALICE).has(shared), "a2 still uses the block");
        assertEquals(ToyRepo.record("same"), DagCbor.decode(get(ALICE, POST, "a2").orElseThrow().bytes()));
        commit(ALICE, Write.put(POST, "a3", "same"));
        commit(ALICE, Write.put(POST, "a2", "different"));
        assertTrue(blocks(ALICE).has(shared), "a3 still uses the block");
        commit(ALICE, Write.delete(POST, "a3"));
        assertFalse(blocks(ALICE).has(shared), "no record uses it any more");
    }

    @Test
    void sameBlockInTwoReposIsKeptPerRepo() {
        create(ALICE, Write.put(POST, "a1", "same"));
        create(BOB, Write.put(POST, "b1", "same"));
        Cid cid = get(ALICE, POST, "a1").orElseThrow().cid();
        commit(ALICE, Write.delete(POST, "a1"));
        assertFalse(blocks(ALICE).has(cid));
        assertTrue(blocks(BOB).has(cid));
    }

    @Test
    void listRecordsPagesBothWays() {
        List<Write> writes = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            writes.add(Write.put(POST, String.format("k%02d", i), "post " + i));
        }
        writes.add(Write.put("app.bsky.feed.postgate", "k00", "gate"));
        writes.add(Write.put("app.bsky.feed.like", "k99", "like"));
        store.createRepo(ALICE, ToyRepo.writes(ALICE.toString(), writes)).join();
        Nsid post = Nsid.parse(POST);

        List<String> up = new ArrayList<>();
        String cursor = null;
        do {
            RecordPage page = store.records().listRecords(ALICE, post, 10, cursor, false);
            page.records().forEach(r -> up.add(r.rkey()));
            cursor = page.cursor();
        } while (cursor != null);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            expected.add(String.format("k%02d", i));
        }
        assertEquals(expected, up);

        List<String> down = new ArrayList<>();
        cursor = null;
        do {
            RecordPage page = store.records().listRecords(ALICE, post, 7, cursor, true);
            page.records().forEach(r -> down.add(r.rkey()));
            cursor = page.cursor();
        } while (cursor != null);
        List<String> reversed = new ArrayList<>(expected);
        java.util.Collections.reverse(reversed);
        assertEquals(reversed, down);

        RecordPage exact = store.records().listRecords(ALICE, post, 25, null, false);
        assertEquals(25, exact.records().size());
        assertNull(exact.cursor(), "a page that ends the collection has no cursor");
        assertEquals(List.of("k11", "k12"), store.records().listRecords(ALICE, post, 2, "k10", false).records().stream().map(StoredRecord::rkey).toList());
        assertEquals(List.of("k09", "k08"), store.records().listRecords(ALICE, post, 2, "k10", true).records().stream().map(StoredRecord::rkey).toList());
        assertEquals(List.of("k00"), store.records().listRecords(ALICE, Nsid.parse("app.bsky.feed.postgate"), 10, null, true).records().stream().map(StoredRecord::rkey).toList());
        assertTrue(store.records().listRecords(ALICE, Nsid.parse("app.bsky.graph.follow"), 10, null, true).records().isEmpty());
        assertTrue(store.records().listRecords(ALICE, post, 10, "zzz", false).records().isEmpty());
        assertEquals("k24", store.records().listRecords(ALICE, post, 1, "zzz", true).records().get(0).rkey());
    }

    @Test
    void listCollectionsNamesEachNonEmptyCollectionOnce() {
        List<Write> writes = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            writes.add(Write.put(POST, String.format("k%02d", i), "post " + i));
        }
        writes.add(Write.put("app.bsky.feed.postgate", "k00", "gate"));
        writes.add(Write.put("app.bsky.feed.like", "k99", "like"));
        writes.add(Write.put("app.bsky.actor.profile", "self", "me"));
        store.createRepo(ALICE, ToyRepo.writes(ALICE.toString(), writes)).join();
        create(BOB, Write.put("app.bsky.graph.follow", "f1", "f"));

        assertEquals(List.of("app.bsky.actor.profile", "app.bsky.feed.like", POST, "app.bsky.feed.postgate"),
                store.records().listCollections(ALICE, 100));
        assertEquals(List.of("app.bsky.actor.profile", "app.bsky.feed.like"), store.records().listCollections(ALICE, 2));
        assertEquals(List.of("app.bsky.graph.follow"), store.records().listCollections(BOB, 100));

        commit(ALICE, Write.delete("app.bsky.feed.like", "k99"));
        assertEquals(List.of("app.bsky.actor.profile", POST, "app.bsky.feed.postgate"), store.records().listCollections(ALICE, 100));
        assertEquals("RepoNotFound", assertThrows(XrpcException.class,
                () -> store.records().listCollections(Did.parse("did:plc:nobody4567abcdefghijklmn"), 100)).error());
    }

    @Test
    void badReadInputIsRefused() {
        create(ALICE, Write.put(POST, "a1", "x"));
        Nsid post = Nsid.parse(POST);
        assertEquals("InvalidRequest", assertThrows(XrpcException.class, () -> store.records().listRecords(ALICE, post, 0, null, false)).error());
        assertEquals("InvalidRequest", assertThrows(XrpcException.class, () -> store.records().listRecords(ALICE, post, 1001, null, false)).error());
        assertEquals("InvalidRequest", assertThrows(XrpcException.class, () -> store.records().listRecords(ALICE, post, 10, "bad\u0000key", false)).error());
        assertEquals("RepoNotFound", assertThrows(XrpcException.class, () -> store.records().listRecords(BOB, post, 10, null, false)).error());
        assertEquals("InvalidRequest", assertThrows(XrpcException.class, () -> store.listRepos("not a did", 10)).error());
        assertThrows(IllegalArgumentException.class, () -> store.log().events(-1, 10));
    }

    @Test
    void writeErrorsLeaveNothingBehind() {
        CommitAck first = create(ALICE, Write.put(POST, "a1", "x"));
        assertEquals("AlreadyExists", assertThrows(XrpcException.class, () -> create(ALICE, Write.put(POST, "a2", "y"))).error());
        assertEquals("RepoNotFound", assertThrows(XrpcException.class, () -> commit(BOB, Write.put(POST, "b1", "y"))).error());
        Cid wrong = Cid.ofDagCbor(DagCbor.encode(ToyRepo.record("nope")));
        XrpcException swap = assertThrows(XrpcException.class,
                () -> store.commit(ALICE, wrong, ToyRepo.writes(ALICE.toString(), Write.put(POST, "a2", "y"))).join());
        assertEquals("InvalidSwap", swap.error());
        assertThrows(IllegalArgumentException.class, () -> commit(ALICE, Write.delete(POST, "missing")));
        assertEquals(first.commit(), store.head(ALICE).orElseThrow().commit());
        assertTrue(get(ALICE, POST, "a2").isEmpty());
        assertEquals(1, store.log().lastSeq());
        CommitAck swapped = store.commit(ALICE, first.commit(), ToyRepo.writes(ALICE.toString(), Write.put(POST, "a2", "y"))).join();
        assertEquals(2, swapped.seq());
    }

    @Test
    void commitThatDoesNotAdvanceRevIsRefused() {
        create(ALICE, Write.put(POST, "a1", "x"));
        String rev = store.head(ALICE).orElseThrow().rev();
        CommitPreparer stale = state -> {
            PreparedCommit c = ToyRepo.prepare(ALICE.toString(), state, List.of(Write.put(POST, "a2", "y")));
            return new PreparedCommit(c.commit(), c.data(), rev, c.newBlocks(), c.removedBlocks(), c.ops(), c.events());
        };
        assertThrows(StoreException.class, () -> store.commit(ALICE, null, stale));
        assertTrue(get(ALICE, POST, "a2").isEmpty());
    }

    @Test
    void eventsAreContiguousAndCarryTheirSeq() {
        create(ALICE, Write.put(POST, "a1", "x"));
        create(BOB, Write.put(POST, "b1", "x"));
        commit(ALICE, Write.put(POST, "a2", "y"));
        long[] logged = store.logEvents(List.of(seq -> new byte[] {(byte) seq}, seq -> new byte[] {(byte) seq})).join();
        assertArrayEquals(new long[] {4, 5}, logged);
        List<StoredEvent> events = store.log().events(0, 100);
        assertEquals(5, events.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(i + 1, events.get(i).seq());
            assertEquals((long) (i + 1), ((dev.pds.core.data.DataInt) ToyRepo.decodeEvent(events.get(i).frame()).get("seq")).value());
        }
        assertEquals(List.of(3L, 4L, 5L), store.log().events(2, 100).stream().map(StoredEvent::seq).toList());
        assertEquals(List.of(1L, 2L), store.log().events(0, 2).stream().map(StoredEvent::seq).toList());
        assertTrue(store.log().events(5, 10).isEmpty());
    }

    @Test
    void erasedEventsLeaveHolesThatStayAcrossARestart() {
        long[] seqs = store.logEvents(List.of(seq -> new byte[] {1, (byte) seq}, seq -> new byte[] {2, (byte) seq},
                seq -> new byte[] {1, (byte) seq}, seq -> new byte[] {2, (byte) seq})).join();
        assertArrayEquals(new long[] {1, 2, 3, 4}, seqs);
        assertEquals(2, store.log().erase(e -> e.frame()[0] == 1));
        assertEquals(List.of(2L, 4L), store.log().events(0, 100).stream().map(StoredEvent::seq).toList());
        assertEquals(List.of(4L), store.log().events(2, 100).stream().map(StoredEvent::seq).toList());
        assertEquals(4, store.log().lastSeq(), "erasing never takes back a sequence number");
        assertEquals(1, store.log().retainedFrom(), "holes are not retention's: a cursor of 0 is not outdated");
        assertEquals(0, store.log().erase(e -> e.frame()[0] == 1), "nothing more to erase");
        store.close();
        store = RepoStore.open(dir, StoreConfig.defaults());
        assertEquals(List.of(2L, 4L), store.log().events(0, 100).stream().map(StoredEvent::seq).toList());
        assertEquals(5, store.logEvents(List.of(seq -> new byte[] {3})).join()[0]);
        assertEquals(2, store.log().firstEventSeq().orElseThrow());
        assertEquals(1, store.log().retainedFrom());
        store.log().deleteEventsBefore(3);
        assertEquals(3, store.log().retainedFrom());
        store.close();
        store = RepoStore.open(dir, StoreConfig.defaults());
        assertEquals(3, store.log().retainedFrom(), "retention's mark is kept");
        assertEquals(List.of(4L, 5L), store.log().events(0, 100).stream().map(StoredEvent::seq).toList());
    }

    @Test
    void seqAndRepoIdsSurviveRestart() {
        create(ALICE, Write.put(POST, "a1", "x"));
        int aliceId = store.head(ALICE).orElseThrow().repoId();
        store.close();
        store = RepoStore.open(dir, StoreConfig.defaults());
        assertEquals(1, store.log().lastSeq());
        CommitAck bob = create(BOB, Write.put(POST, "b1", "x"));
        assertEquals(2, bob.seq());
        assertTrue(store.head(BOB).orElseThrow().repoId() > aliceId);
        assertEquals(ToyRepo.record("x"), DagCbor.decode(get(ALICE, POST, "a1").orElseThrow().bytes()));
    }

    @Test
    void deleteRepoRemovesEverythingAndTheDidCanComeBack() {
        create(ALICE, Write.put(POST, "a1", "x"), Write.put(POST, "a2", "y"));
        create(BOB, Write.put(POST, "b1", "x"));
        RepoHead old = store.head(ALICE).orElseThrow();
        Cid a1 = get(ALICE, POST, "a1").orElseThrow().cid();
        long[] seqs = store.deleteRepo(ALICE, List.of(seq -> new byte[] {1})).join();
        assertArrayEquals(new long[] {3}, seqs);
        assertTrue(store.head(ALICE).isEmpty());
        assertTrue(get(ALICE, POST, "a1").isEmpty());
        assertEquals("RepoNotFound", assertThrows(XrpcException.class, () -> store.deleteRepo(ALICE, List.of())).error());
        StoreReader raw = new StoreReader(getDb(), null);
        assertFalse(raw.blocks(old.repoId()).has(a1));
        assertFalse(raw.blocks(old.repoId()).has(old.commit()));
        assertEquals(0, raw.refCount(old.repoId(), a1));
        assertNull(raw.record(old.repoId(), POST, "a2"));
        assertTrue(get(BOB, POST, "b1").isPresent(), "other repos untouched");
        create(ALICE, Write.put(POST, "a9", "z"));
        assertTrue(get(ALICE, POST, "a1").isEmpty());
        assertTrue(get(ALICE, POST, "a9").isPresent());
    }

    private StoreDb getDb() {
        return CrashRecoveryTest.rawDb(store);
    }

    @Test
    void listReposPagesInDidOrder() {
        List<Did> dids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            Did d = Did.parse("did:plc:repo" + i + "aaaaaaaaaaaaaaaaaaa");
            dids.add(d);
            create(d, Write.put(POST, "r", "x"));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            RepoPage page = store.listRepos(cursor, 3);
            page.repos().forEach(h -> seen.add(h.did().toString()));
            cursor = page.cursor();
        } while (cursor != null);
        assertEquals(dids.stream().map(Did::toString).sorted().toList(), seen);
    }

    @Test
    void snapshotStaysAtItsCommitWhileWritesGoOn() {
        create(ALICE, Write.put(POST, "a1", "x"));
        try (RepoSnapshot snap = store.snapshot(ALICE).orElseThrow()) {
            RepoHead at = snap.head();
            commit(ALICE, Write.put(POST, "a1", "changed"));
            assertTrue(snap.blocks().has(at.commit()), "snapshot still sees the replaced commit");
            assertFalse(blocks(ALICE).has(at.commit()));
            assertEquals(at.data(), snap.head().data());
        }
        assertTrue(store.snapshot(BOB).isEmpty());
    }

    @Test
    void pipelinedCommitsOnOneRepoBuildOnEachOther() {
        create(ALICE);
        List<CompletableFuture<CommitAck>> acks = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Write w = i % 3 == 2 ? Write.delete(POST, "k" + (i - 1)) : Write.put(POST, "k" + i, "v" + (i % 5));
            acks.add(store.commit(ALICE, null, ToyRepo.writes(ALICE.toString(), w)));
        }
        long prev = 1;
        for (CompletableFuture<CommitAck> f : acks) {
            long seq = f.join().seq();
            assertEquals(prev + 1, seq);
            prev = seq;
        }
        assertEquals(acks.get(199).join().commit(), store.head(ALICE).orElseThrow().commit());
        for (int i = 0; i < 200; i++) {
            boolean present = i % 3 == 0 || i == 199; // k199 would be deleted by a 201st commit
            assertEquals(present, get(ALICE, POST, "k" + i).isPresent(), "k" + i);
        }
        // every block the final tree needs is stored, and the value blocks are shared as counted
        RepoState state = new RepoState(store.head(ALICE).orElseThrow(), blocks(ALICE));
        ToyRepo.tree(state).values().forEach(cid -> assertTrue(blocks(ALICE).has(cid)));
    }
}
