package dev.pds.core.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.core.block.Block;
import dev.pds.core.block.BlockMap;
import dev.pds.core.data.Cid;
import dev.pds.core.data.DagCbor;
import dev.pds.core.data.DataMap;
import dev.pds.core.data.DataValue;
import dev.pds.core.error.XrpcException;
import dev.pds.core.mst.Mst;
import dev.pds.core.mst.NodeCache;
import dev.pds.core.syntax.Tid;
import dev.pds.core.syntax.TidClock;
import dev.pds.crypto.Curve;
import dev.pds.crypto.Keypair;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RepoTest {
    static final String DID = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";
    static final String POST = "app.bsky.feed.post";
    static final Keypair KEY = Keypair.fromPrivateKeyHex(Curve.K256,
            "9085d2bef69286a6cbb51623c8fa258629945cd55ca705cc4e66700396894e0c");

    /** A clock the test moves by hand (microseconds). */
    static final class ManualClock {
        long micros = 1_700_000_000_000_000L;
        final TidClock clock = new TidClock(() -> micros, 5);
    }

    static DataMap post(String text) {
        return DataMap.builder().put("$type", POST).put("text", text).put("createdAt", "2024-01-01T00:00:00Z").build();
    }

    private final ManualClock clock = new ManualClock();
    private final BlockMap store = new BlockMap();

    private CommitResult stored(CommitResult r) {
        r.newBlocks().forEach(store::put);
        return r;
    }

    private Repo newRepo() {
        return stored(Repo.create(DID, KEY, clock.clock, store, new NodeCache(1000))).repo();
    }

    @Test
    void firstCommitIsAnEmptyTreeSignedByTheAccountKey() {
        CommitResult r = Repo.create(DID, KEY, clock.clock, store, new NodeCache(10));
        assertEquals("bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm", r.data().toString());
        assertTrue(r.commit().verify(KEY.didKey()));
        assertFalse(r.commit().verify(Keypair.generate(Curve.K256).didKey()));
        assertTrue(Tid.isValid(r.rev()));
        assertNull(r.since());
        assertNull(r.prevData());
        assertEquals(List.of(), r.ops());
        assertEquals(Set.of(r.cid(), r.data()), new HashSet<>(r.newBlocks().cids()));
        assertTrue(r.eventBlocks().contains(r.cid()));
        assertEquals(r.cid(), Cid.ofDagCbor(r.commitBlock().bytes()));
        assertThrows(XrpcException.class, () -> Repo.create("not-a-did", KEY, clock.clock, store, new NodeCache(1)));
    }

    @Test
    void commitEncodesAndDecodesExactly() {
        CommitResult r = Repo.create(DID, KEY, clock.clock, store, new NodeCache(10));
        Commit back = Commit.decode(r.commitBlock().bytes());
        assertEquals(r.commit(), back);
        assertEquals(r.cid(), back.toBlock().cid());
        DataMap data = r.commit().toData();
        assertEquals(6, data.size());
        assertEquals(DataValue.nullValue(), data.get("prev"));
        assertEquals(3L, ((dev.pds.core.data.DataInt) data.get("version")).value());
        // the signature covers the commit without sig
        assertTrue(KEY.publicKey().verify(DagCbor.encode(data.toBuilder().remove("sig").build()), r.commit().sig()));

        for (DataMap bad : List.of(data.toBuilder().put("version", 2).build(), data.toBuilder().remove("sig").build(),
                data.toBuilder().put("extra", 1).build(), data.toBuilder().put("rev", "not-a-tid").build(),
                data.toBuilder().put("data", "bafy").build(), data.toBuilder().put("did", "nope").build())) {
            XrpcException e = assertThrows(XrpcException.class, () -> Commit.decode(DagCbor.encode(bad)), bad.toString());
            assertEquals("InvalidRequest", e.error());
        }
        assertThrows(XrpcException.class, () -> Commit.decode(new byte[] {(byte) 0xff}));
    }

    @Test
    void writesBecomeOneCommitWithOpsAndInvertibleEventBlocks() {
        Repo repo = newRepo();
        List<WriteOp> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            batch.add(WriteOp.create(POST, String.format("3k%011d", i), post("post " + i)));
        }
        CommitResult one = stored(repo.applyWrites(batch, repo.head(), KEY, clock.clock));
        assertEquals(50, one.ops().size());
        for (int i = 0; i < 50; i++) {
            RepoOp op = one.ops().get(i);
            assertEquals(WriteAction.CREATE, op.action());
            assertEquals(POST + "/" + batch.get(i).rkey(), op.path());
            assertEquals(DagCbor.cidOf(batch.get(i).record()), op.cid());
            assertNull(op.prev());
            assertTrue(one.newBlocks().contains(op.cid()));
            assertTrue(one.eventBlocks().contains(op.cid()));
        }
        assertEquals(repo.rev(), one.since());
        assertEquals(repo.commit().data(), one.prevData());
        assertTrue(one.rev().compareTo(repo.rev()) > 0);
        assertTrue(one.commit().verify(KEY.didKey()));
        assertTrue(one.removedCids().contains(repo.head()));
        checkInversion(one);

        // update two, delete one, create one
        Repo r1 = one.repo();
        String a = batch.get(3).rkey();
        String b = batch.get(17).rkey();
        String c = batch.get(30).rkey();
        Cid oldA = r1.getRecord(POST, a);
        Cid oldC = r1.getRecord(POST, c);
        CommitResult two = stored(r1.applyWrites(List.of(WriteOp.update(POST, a, post("edited")),
                WriteOp.update(POST, b, post("edited")), WriteOp.delete(POST, c),
                WriteOp.create("app.bsky.feed.like", "3kaaaaaaaaaaa", post("like"))), null, KEY, clock.clock));
        assertEquals(new RepoOp(WriteAction.UPDATE, POST + "/" + a, DagCbor.cidOf(post("edited")), oldA), two.ops().get(0));
        assertEquals(new RepoOp(WriteAction.DELETE, POST + "/" + c, null, oldC), two.ops().get(2));
        // a and b now share one record CID; the deleted and replaced old records are candidates
        assertEquals(two.repo().getRecord(POST, a), two.repo().getRecord(POST, b));
        assertTrue(two.removedRecordCandidates().containsAll(List.of(oldA, oldC)));
        assertFalse(two.removedRecordCandidates().contains(DagCbor.cidOf(post("edited"))));
        assertNull(two.repo().getRecord(POST, c));
        checkInversion(two);
        checkRemovedNodes(r1, two);

        // the stored chain loads back to the same state
        Repo loaded = Repo.load(store, two.cid(), new NodeCache(0));
        assertEquals(two.repo().head(), loaded.head());
        assertEquals(two.data(), loaded.mst().root());
        assertEquals(two.repo().getRecord(POST, b), loaded.getRecord(POST, b));
    }

    /** A Sync 1.1 reader: the event's blocks alone, ops applied backwards, give prevData. */
    static void checkInversion(CommitResult r) {
        Commit c = Commit.decode(r.eventBlocks().get(r.cid()));
        Mst t = Mst.load(r.eventBlocks(), c.data(), new NodeCache(0));
        List<RepoOp> ops = new ArrayList<>(r.ops());
        java.util.Collections.reverse(ops);
        for (RepoOp op : ops) {
            assertEquals(op.cid(), t.get(op.path()));
            switch (op.action()) {
                case CREATE -> t = t.delete(op.path());
                case UPDATE -> t = t.update(op.path(), op.prev());
                case DELETE -> t = t.add(op.path(), op.prev());
            }
        }
        assertEquals(r.prevData(), t.root());
        for (RepoOp op : r.ops()) {
            if (op.cid() != null) {
                assertTrue(r.eventBlocks().contains(op.cid()), "record block in the event");
            } else {
                assertFalse(r.eventBlocks().contains(op.prev()) && !r.ops().stream().anyMatch(o -> op.prev().equals(o.cid())),
                        "deleted record not in the event");
            }
        }
    }

    private static void checkRemovedNodes(Repo before, CommitResult r) {
        Set<Cid> oldNodes = new HashSet<>();
        before.mst().forEachNode(n -> oldNodes.add(n.cid()));
        Set<Cid> newNodes = new HashSet<>();
        r.repo().mst().forEachNode(n -> newNodes.add(n.cid()));
        for (Cid removed : r.removedCids()) {
            if (!removed.equals(before.head())) {
                assertTrue(oldNodes.contains(removed));
                assertFalse(newNodes.contains(removed));
            }
        }
        Set<Cid> gone = new HashSet<>(oldNodes);
        gone.removeAll(newNodes);
        assertTrue(r.removedCids().containsAll(gone), "every node that left the tree is reported");
        for (Cid n : newNodes) {
            assertTrue(oldNodes.contains(n) || r.newBlocks().contains(n), "every new node is written");
        }
    }

    @Test
    void writesToOnePathApplyInOrderAndTheOpsAreTheNetChange() {
        Repo repo = newRepo();
        CommitResult first = stored(repo.applyWrites(List.of(WriteOp.create(POST, "keep", post("keep")),
                WriteOp.create(POST, "edit", post("v1")), WriteOp.create(POST, "drop", post("drop"))), null, KEY, clock.clock));
        Repo r1 = first.repo();
        Cid v1 = r1.getRecord(POST, "edit");
        Cid drop = r1.getRecord(POST, "drop");

        CommitResult r = stored(r1.applyWrites(List.of(
                WriteOp.create(POST, "brief", post("brief")), WriteOp.delete(POST, "brief"),
                WriteOp.create(POST, "new", post("draft")), WriteOp.update(POST, "new", post("final")),
                WriteOp.update(POST, "edit", post("v2")), WriteOp.update(POST, "edit", post("v3")),
                WriteOp.update(POST, "drop", post("drop2")), WriteOp.delete(POST, "drop"),
                WriteOp.delete(POST, "keep"), WriteOp.create(POST, "keep", post("keep again"))), null, KEY, clock.clock));

        Cid draft = DagCbor.cidOf(post("draft"));
        Cid fin = DagCbor.cidOf(post("final"));
        Cid v3 = DagCbor.cidOf(post("v3"));
        Cid keep = DagCbor.cidOf(post("keep"));
        Cid keepAgain = DagCbor.cidOf(post("keep again"));
        assertEquals(List.of(
                new RepoOp(WriteAction.CREATE, POST + "/new", fin, null),
                new RepoOp(WriteAction.UPDATE, POST + "/edit", v3, v1),
                new RepoOp(WriteAction.DELETE, POST + "/drop", null, drop),
                new RepoOp(WriteAction.UPDATE, POST + "/keep", keepAgain, keep)), r.ops());
        // each write's own CID, for the answer
        assertEquals(java.util.Arrays.asList(DagCbor.cidOf(post("brief")), null, draft, fin, DagCbor.cidOf(post("v2")), v3,
                DagCbor.cidOf(post("drop2")), null, null, keepAgain), r.written());
        assertNull(r.repo().getRecord(POST, "brief"));
        assertEquals(fin, r.repo().getRecord(POST, "new"));
        assertEquals(v3, r.repo().getRecord(POST, "edit"));
        assertNull(r.repo().getRecord(POST, "drop"));
        assertEquals(keepAgain, r.repo().getRecord(POST, "keep"));
        // records a later write replaced are neither stored nor sent
        for (String gone : List.of("brief", "draft", "v2", "drop2")) {
            Cid cid = DagCbor.cidOf(post(gone));
            assertFalse(r.newBlocks().contains(cid), gone);
            assertFalse(r.eventBlocks().contains(cid), gone);
        }
        assertTrue(r.removedRecordCandidates().containsAll(List.of(v1, drop, keep)));
        checkInversion(r);
        checkRemovedNodes(r1, r);

        // a batch that changes nothing in the end is still a commit, with no ops
        CommitResult none = r.repo().applyWrites(List.of(WriteOp.create(POST, "x", post("x")), WriteOp.delete(POST, "x")),
                null, KEY, clock.clock);
        assertEquals(List.of(), none.ops());
        assertEquals(r.data(), none.data());
        assertTrue(none.rev().compareTo(r.rev()) > 0);
        checkInversion(none);

        // swaps are checked against the writes before them in the batch
        Cid made = DagCbor.cidOf(post("made"));
        CommitResult swapped = r.repo().applyWrites(List.of(WriteOp.create(POST, "s", post("made")),
                WriteOp.update(POST, "s", post("changed")).withSwapRecord(made)), null, KEY, clock.clock);
        assertEquals(DagCbor.cidOf(post("changed")), swapped.repo().getRecord(POST, "s"));
        invalidSwap(() -> r.repo().applyWrites(List.of(WriteOp.create(POST, "s", post("made")),
                WriteOp.delete(POST, "s").withSwapRecord(DagCbor.cidOf(post("other")))), null, KEY, clock.clock));
    }

    @Test
    void swapsAreCompareAndSwap() {
        Repo repo = newRepo();
        Repo r1 = repo.applyWrites(List.of(WriteOp.create(POST, "a", post("a"))), null, KEY, clock.clock).repo();
        Cid a = r1.getRecord(POST, "a");
        Cid other = DagCbor.cidOf(post("other"));

        invalidSwap(() -> r1.applyWrites(List.of(WriteOp.create(POST, "b", post("b"))), repo.head(), KEY, clock.clock));
        invalidSwap(() -> r1.applyWrites(List.of(WriteOp.create(POST, "b", post("b")).withSwapRecord(other)), null, KEY, clock.clock));
        invalidSwap(() -> r1.applyWrites(List.of(WriteOp.create(POST, "a", post("b")).withSwapRecord(null)), null, KEY, clock.clock));
        invalidSwap(() -> r1.applyWrites(List.of(WriteOp.update(POST, "a", post("b")).withSwapRecord(other)), null, KEY, clock.clock));
        invalidSwap(() -> r1.applyWrites(List.of(WriteOp.update(POST, "a", post("b")).withSwapRecord(null)), null, KEY, clock.clock));
        invalidSwap(() -> r1.applyWrites(List.of(WriteOp.delete(POST, "a").withSwapRecord(null)), null, KEY, clock.clock));
        invalidSwap(() -> r1.applyWrites(List.of(WriteOp.delete(POST, "zz").withSwapRecord(other)), null, KEY, clock.clock));

        assertEquals(DagCbor.cidOf(post("b")), r1.applyWrites(List.of(WriteOp.create(POST, "b", post("b")).withSwapRecord(null)),
                r1.head(), KEY, clock.clock).repo().getRecord(POST, "b"));
        assertEquals(DagCbor.cidOf(post("new")), r1.applyWrites(List.of(WriteOp.update(POST, "a", post("new")).withSwapRecord(a)),
                r1.head(), KEY, clock.clock).repo().getRecord(POST, "a"));
        assertNull(r1.applyWrites(List.of(WriteOp.delete(POST, "a").withSwapRecord(a)), null, KEY, clock.clock).repo()
                .getRecord(POST, "a"));
    }

    private static void invalidSwap(org.junit.jupiter.api.function.Executable call) {
        XrpcException e = assertThrows(XrpcException.class, call);
        assertEquals("InvalidSwap", e.error());
        assertEquals(400, e.status().code());
    }

    @Test
    void aRecordWithoutAStringTypeIsRefused() {
        for (DataMap record : List.of(DataMap.of("text", DataValue.of("no type")),
                DataMap.builder().put("$type", DataValue.of(3)).put("text", "a number for a type").build())) {
            XrpcException e = assertThrows(XrpcException.class, () -> WriteOp.create(POST, "a", record));
            assertEquals("InvalidRequest", e.error());
            assertThrows(XrpcException.class, () -> WriteOp.update(POST, "a", record));
        }
        assertEquals(POST, WriteOp.create(POST, "a", post("typed")).record().getString("$type"));
    }

    @Test
    void badWritesFailWithoutChangingAnything() {
        Repo repo = newRepo();
        Repo r1 = repo.applyWrites(List.of(WriteOp.create(POST, "a", post("a"))), null, KEY, clock.clock).repo();
        List<List<WriteOp>> bad = List.of(
                List.of(WriteOp.create(POST, "a", post("again"))),
                List.of(WriteOp.update(POST, "missing", post("x"))),
                List.of(WriteOp.delete(POST, "missing")),
                List.of(WriteOp.create(POST, "b", post("b")), WriteOp.create(POST, "b", post("b2"))),
                List.of(WriteOp.delete(POST, "a"), WriteOp.update(POST, "a", post("gone"))),
                List.of(WriteOp.create("not an nsid", "b", post("b"))),
                List.of(WriteOp.create(POST, "..", post("b"))),
                List.of(WriteOp.create(POST, "b", DataMap.builder().put("$type", POST)
                        .put("big", DataValue.of(new byte[Repo.MAX_RECORD_BYTES])).build())));
        for (List<WriteOp> writes : bad) {
            XrpcException e = assertThrows(XrpcException.class, () -> r1.applyWrites(writes, null, KEY, clock.clock),
                    writes.toString());
            assertEquals("InvalidRequest", e.error(), writes.toString());
        }
        List<WriteOp> tooMany = new ArrayList<>();
        for (int i = 0; i <= Repo.MAX_WRITES; i++) {
            tooMany.add(WriteOp.create(POST, "k" + i, post("x")));
        }
        assertThrows(XrpcException.class, () -> r1.applyWrites(tooMany, null, KEY, clock.clock));
        assertEquals(Repo.MAX_WRITES, r1.applyWrites(tooMany.subList(0, Repo.MAX_WRITES), null, KEY, clock.clock).ops().size());
        assertThrows(IllegalArgumentException.class, () -> new WriteOp(WriteAction.DELETE, POST, "a", post("x"), null));
    }

    @Test
    void revAlwaysIncreasesEvenWhenTheClockGoesBack() {
        Repo repo = newRepo();
        String last = repo.rev();
        for (int i = 0; i < 20; i++) {
            clock.micros -= 1_000_000; // the wall clock steps back a second each time
            CommitResult r = repo.applyWrites(List.of(WriteOp.create(POST, "k" + i, post("x"))), null, KEY, clock.clock);
            assertTrue(r.rev().compareTo(last) > 0, r.rev() + " after " + last);
            last = r.rev();
            repo = r.repo();
        }
        // a repo whose head rev is ahead of our clock (written elsewhere) still moves forward
        TidClock slow = new TidClock(() -> 1_600_000_000_000_000L, 9);
        CommitResult r = repo.applyWrites(List.of(), null, KEY, slow);
        assertTrue(r.rev().compareTo(repo.rev()) > 0);
        assertEquals(repo.commit().data(), r.data(), "an empty batch changes only the rev");
        assertEquals(List.of(), r.ops());
    }

    @Test
    void replayingFromTheStoreGivesIdenticalCommits() {
        // signing is deterministic and the clock is fixed, so two writers agree byte for byte
        ManualClock c1 = new ManualClock();
        ManualClock c2 = new ManualClock();
        BlockMap s1 = new BlockMap();
        CommitResult first = Repo.create(DID, KEY, c1.clock, s1, new NodeCache(100));
        first.newBlocks().forEach(s1::put);
        Repo inMemory = first.repo();
        Repo fromStore = first.repo();
        Repo.create(DID, KEY, c2.clock, s1, new NodeCache(100));
        for (int i = 0; i < 30; i++) {
            List<WriteOp> w = List.of(WriteOp.create(POST, "r" + i, post("p" + i)));
            CommitResult a = inMemory.applyWrites(w, null, KEY, c1.clock);
            CommitResult b = fromStore.applyWrites(w, null, KEY, c2.clock);
            assertEquals(a.cid(), b.cid());
            b.newBlocks().forEach(s1::put);
            inMemory = a.repo();
            fromStore = Repo.load(s1, b.cid(), new NodeCache(0));
        }
        assertNotEquals(first.cid(), inMemory.head());
        Block head = new Block(inMemory.head(), s1.get(inMemory.head()));
        assertTrue(head.verifies());
    }
}
