package dev.pds.core.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.core.block.Block;
import dev.pds.core.block.BlockMap;
import dev.pds.core.car.CarContents;
import dev.pds.core.car.CarLimits;
import dev.pds.core.car.CarReader;
import dev.pds.core.data.DagCbor;
import dev.pds.core.data.DataMap;
import dev.pds.core.data.DataValue;
import dev.pds.core.mst.NodeCache;
import dev.pds.core.repo.CommitResult;
import dev.pds.core.repo.Repo;
import dev.pds.core.repo.RepoOp;
import dev.pds.core.repo.WriteAction;
import dev.pds.core.repo.WriteOp;
import dev.pds.core.syntax.Did;
import dev.pds.core.syntax.Handle;
import dev.pds.core.syntax.TidClock;
import dev.pds.crypto.Curve;
import dev.pds.crypto.Keypair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FirehoseEventsTest {
    static final String DID = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";
    static final String POST = "app.bsky.feed.post";
    static final Keypair KEY = Keypair.fromPrivateKeyHex(Curve.K256,
            "9085d2bef69286a6cbb51623c8fa258629945cd55ca705cc4e66700396894e0c");
    static final Instant T0 = Instant.parse("2024-05-06T07:08:09.123Z");

    private long micros = 1_700_000_000_000_000L;
    private final TidClock tids = new TidClock(() -> micros, 5);
    private final BlockMap blocks = new BlockMap();
    private final FirehoseEvents events = new FirehoseEvents(new EventClock(Clock.fixed(T0, ZoneOffset.UTC)));

    static DataMap post(String text) {
        return DataMap.builder().put("$type", POST).put("text", text).put("createdAt", "2024-01-01T00:00:00Z").build();
    }

    private CommitResult stored(CommitResult r) {
        r.newBlocks().forEach(blocks::put);
        micros += 1000;
        return r;
    }

    private CommitResult first() {
        return stored(Repo.create(DID, KEY, tids, blocks, new NodeCache(100)));
    }

    @Test
    void commitFrameCarriesEveryLexiconField() {
        CommitResult genesis = first();
        CommitResult r = stored(genesis.repo().applyWrites(List.of(WriteOp.create(POST, "3kaaaaaaaaaa2", post("a")),
                WriteOp.create(POST, "3kaaaaaaaaaa3", post("b"))), null, KEY, tids));
        CommitResult r2 = stored(r.repo().applyWrites(List.of(WriteOp.update(POST, "3kaaaaaaaaaa2", post("a2")),
                WriteOp.delete(POST, "3kaaaaaaaaaa3")), null, KEY, tids));
        byte[] frame = events.commit(r2).frame(42);

        FrameDecoder.RawFrame raw = FrameDecoder.decodeRaw(frame);
        assertEquals(1, raw.op());
        assertEquals("#commit", raw.type());
        assertEquals(List.of("ops", "rev", "seq", "repo", "time", "blobs", "since", "blocks", "commit", "rebase", "tooBig",
                "prevData"), raw.body().keys());

        StreamMessage.Commit c = assertInstanceOf(StreamMessage.Commit.class, FrameDecoder.decode(frame));
        assertEquals(42, c.seq());
        assertEquals(DID, c.repo());
        assertEquals(r2.cid(), c.commit());
        assertEquals(r2.rev(), c.rev());
        assertEquals(r.rev(), c.since());
        assertEquals(r.data(), c.prevData());
        assertEquals("2024-05-06T07:08:09.123Z", c.time());
        assertFalse(c.rebase());
        assertFalse(c.tooBig());
        assertEquals(List.of(), c.blobs());
        assertEquals(r2.ops(), c.ops());
        assertEquals(WriteAction.DELETE, c.ops().get(1).action());
        assertNull(c.ops().get(1).cid());

        CarContents car = CarReader.readAll(c.blocks(), CarLimits.DEFAULT);
        assertEquals(r2.cid(), car.root());
        assertEquals(r2.eventBlocks().cids(), car.blocks().cids());
        for (Block b : car.blocks()) {
            assertTrue(b.verifies());
        }
    }

    @Test
    void createOpsOmitPrevAndFirstCommitHasNullSinceAndNoPrevData() {
        CommitResult genesis = first();
        StreamMessage.Commit c0 = (StreamMessage.Commit) FrameDecoder.decode(events.commit(genesis).frame(1));
        assertNull(c0.since());
        assertNull(c0.prevData());
        assertEquals(List.of(), c0.ops());
        DataMap body0 = FrameDecoder.decodeRaw(events.commit(genesis).frame(1)).body();
        assertTrue(body0.containsKey("since"), "since is required, null on the first commit");
        assertFalse(body0.containsKey("prevData"));

        CommitResult r = stored(genesis.repo().applyWrites(List.of(WriteOp.create(POST, "3kaaaaaaaaaa2", post("a"))), null,
                KEY, tids));
        DataMap op = (DataMap) FrameDecoder.decodeRaw(events.commit(r).frame(2)).body().getList("ops").get(0);
        assertEquals(List.of("cid", "path", "action"), op.keys());
    }

    @Test
    void templateFillsSeqAndTimeExactlyAsAWholeEncodingWould() {
        CommitResult r = first();
        for (long seq : new long[] {0, 1, 23, 24, 255, 256, 65_535, 65_536, 4_294_967_295L, 4_294_967_296L, Long.MAX_VALUE}) {
            for (String time : List.of("", "2024-05-06T07:08:09.123Z", "x".repeat(300))) {
                DataMap.Builder body = DataMap.builder().put("did", DID).put("rev", r.rev())
                        .put("blocks", new byte[] {1, 2, 3});
                FrameTemplate t = FrameTemplate.of(EventType.SYNC, body);
                DataMap whole = DataMap.builder().put("did", DID).put("rev", r.rev()).put("blocks", new byte[] {1, 2, 3})
                        .put("seq", seq).put("time", time).build();
                byte[] expected = DagCbor.encodeSequence(DataMap.builder().put("op", 1).put("t", "#sync").build(), whole);
                assertArrayEquals(expected, t.frame(seq, time), "seq " + seq);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> FrameTemplate.of(EventType.SYNC, DataMap.builder().put("seq", 1)));
    }

    @Test
    void syncIdentityAndAccountFrames() {
        CommitResult r = first();
        StreamMessage.Sync s = (StreamMessage.Sync) FrameDecoder.decode(events.sync(r).frame(7));
        assertEquals(7, s.seq());
        assertEquals(DID, s.did());
        assertEquals(r.rev(), s.rev());
        CarContents car = CarReader.readAll(s.blocks(), CarLimits.DEFAULT);
        assertEquals(r.cid(), car.root());
        assertEquals(List.of(r.cid()), car.blocks().cids());

        Did did = Did.parse(DID);
        assertEquals(new StreamMessage.Identity(8, DID, "2024-05-06T07:08:09.123Z", "alice.test"),
                FrameDecoder.decode(events.identity(did, Handle.parse("Alice.Test")).frame(8)));
        assertEquals(new StreamMessage.Identity(9, DID, "2024-05-06T07:08:09.123Z", null),
                FrameDecoder.decode(events.identity(did, null).frame(9)));
        assertEquals(new StreamMessage.Account(10, DID, "2024-05-06T07:08:09.123Z", true, null),
                FrameDecoder.decode(events.account(did, AccountStatus.ACTIVE).frame(10)));
        assertEquals(new StreamMessage.Account(11, DID, "2024-05-06T07:08:09.123Z", false, "takendown"),
                FrameDecoder.decode(events.account(did, AccountStatus.TAKENDOWN).frame(11)));
        assertFalse(FrameDecoder.decodeRaw(events.account(did, AccountStatus.ACTIVE).frame(1)).body().containsKey("status"));
    }

    @Test
    void accountCreationGivesIdentityAccountCommitAndSyncInOrder() {
        CommitResult r = first();
        var sources = events.accountCreation(Handle.parse("alice.test")).of(r);
        List<Class<?>> types = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            types.add(FrameDecoder.decode(sources.get(i).frame(i + 1)).getClass());
        }
        assertEquals(List.of(StreamMessage.Identity.class, StreamMessage.Account.class, StreamMessage.Commit.class,
                StreamMessage.Sync.class), types);
    }

    @Test
    void commitOverTheOpOrByteLimitGoesOutAsSync() {
        CommitResult genesis = first();
        CommitResult r = stored(genesis.repo().applyWrites(List.of(WriteOp.create(POST, "3kaaaaaaaaaa2", post("a"))), null,
                KEY, tids));
        List<RepoOp> manyOps = new ArrayList<>();
        for (int i = 0; i < FirehoseEvents.MAX_COMMIT_OPS + 1; i++) {
            manyOps.add(new RepoOp(WriteAction.CREATE, POST + "/k" + i, r.cid(), null));
        }
        CommitResult tooManyOps = new CommitResult(r.repo(), r.commit(), r.commitBlock(), r.since(), r.prevData(),
                r.newBlocks(), r.removedCids(), r.removedRecordCandidates(), manyOps, r.written(), r.eventBlocks());
        StreamMessage.Sync s = assertInstanceOf(StreamMessage.Sync.class, FrameDecoder.decode(events.commit(tooManyOps).frame(3)));
        assertEquals(r.rev(), s.rev());
        assertEquals(r.cid(), CarReader.readAll(s.blocks(), CarLimits.DEFAULT).root());

        // exactly 200 ops is still a #commit
        CommitResult twoHundred = new CommitResult(r.repo(), r.commit(), r.commitBlock(), r.since(), r.prevData(),
                r.newBlocks(), r.removedCids(), r.removedRecordCandidates(), manyOps.subList(0, 200), r.written(), r.eventBlocks());
        assertInstanceOf(StreamMessage.Commit.class, FrameDecoder.decode(events.commit(twoHundred).frame(3)));

        BlockMap big = new BlockMap();
        r.eventBlocks().forEach(big::put);
        Random random = new Random(1);
        for (int i = 0; i < 3; i++) {
            byte[] filler = new byte[700_000];
            random.nextBytes(filler);
            big.put(Block.ofDagCbor(DataValue.of(filler)));
        }
        CommitResult tooBig = new CommitResult(r.repo(), r.commit(), r.commitBlock(), r.since(), r.prevData(), r.newBlocks(),
                r.removedCids(), r.removedRecordCandidates(), r.ops(), r.written(), big);
        assertInstanceOf(StreamMessage.Sync.class, FrameDecoder.decode(events.commit(tooBig).frame(4)));
    }

    @Test
    void infoAndErrorFrames() {
        byte[] info = ControlFrames.info(ControlFrames.OUTDATED_CURSOR, "cursor too old");
        assertEquals(new StreamMessage.Info("OutdatedCursor", "cursor too old"), FrameDecoder.decode(info));
        assertEquals("#info", FrameDecoder.decodeRaw(info).type());
        byte[] error = ControlFrames.error(ControlFrames.FUTURE_CURSOR, "cursor in the future");
        assertEquals(new StreamMessage.Error("FutureCursor", "cursor in the future"), FrameDecoder.decode(error));
        // header of an error frame is exactly {op: -1}
        DagCbor.Decoded header = DagCbor.decodeFirst(error, 0, error.length, FrameDecoder.LIMITS);
        assertEquals(DataMap.builder().put("op", -1).build(), header.value());
        assertEquals(new StreamMessage.Error("ConsumerTooSlow", null), FrameDecoder.decode(ControlFrames.error("ConsumerTooSlow", null)));
    }

    @Test
    void decoderRefusesMalformedFrames() {
        DataMap header = DataMap.builder().put("op", 1).put("t", "#identity").build();
        DataMap body = DataMap.builder().put("seq", 1).put("did", DID).put("time", "2024-01-01T00:00:00.000Z").build();
        byte[] good = DagCbor.encodeSequence(header, body);
        assertInstanceOf(StreamMessage.Identity.class, FrameDecoder.decode(good));

        List<byte[]> bad = new ArrayList<>();
        bad.add(DagCbor.encode(header)); // no body
        byte[] trailing = new byte[good.length + 1];
        System.arraycopy(good, 0, trailing, 0, good.length);
        bad.add(trailing);
        bad.add(DagCbor.encodeSequence(DataValue.of("header"), body));
        bad.add(DagCbor.encodeSequence(header, DataValue.of(1)));
        bad.add(DagCbor.encodeSequence(DataMap.builder().put("op", 2).put("t", "#identity").build(), body));
        bad.add(DagCbor.encodeSequence(DataMap.builder().put("op", 1).build(), body));
        bad.add(DagCbor.encodeSequence(DataMap.builder().put("op", -1).put("t", "#x").build(), DataMap.builder().put("error", "E").build()));
        bad.add(DagCbor.encodeSequence(header, body.toBuilder().remove("seq").build()));
        bad.add(DagCbor.encodeSequence(header, body.toBuilder().put("seq", "1").build()));
        bad.add(DagCbor.encodeSequence(header, body.toBuilder().remove("time").build()));
        bad.add(new byte[] {(byte) 0xa2, 0x61, 0x74}); // truncated
        bad.add(new byte[] {(byte) 0xb9, 0x00, 0x01, 0x61, 0x74, 0x61, 0x78}); // non-canonical map length
        CommitResult r = first();
        DataMap commitHeader = DataMap.builder().put("op", 1).put("t", "#commit").build();
        DataMap commitBody = FrameDecoder.decodeRaw(events.commit(r).frame(1)).body();
        assertInstanceOf(StreamMessage.Commit.class, FrameDecoder.decode(DagCbor.encodeSequence(commitHeader, commitBody)));
        DataMap deleteWithCid = DataMap.builder().put("action", "delete").put("path", "a/b").put("cid", r.cid()).build();
        DataMap createWithoutCid = DataMap.builder().put("action", "create").put("path", "a/b").putNull("cid").build();
        DataMap unknownAction = DataMap.builder().put("action", "move").put("path", "a/b").put("cid", r.cid()).build();
        for (DataMap op : List.of(deleteWithCid, createWithoutCid, unknownAction)) {
            bad.add(DagCbor.encodeSequence(commitHeader, commitBody.toBuilder().put("ops", DataValue.list(op)).build()));
        }
        bad.add(DagCbor.encodeSequence(commitHeader, commitBody.toBuilder().put("blobs", DataValue.list(DataValue.of(1))).build()));
        bad.add(DagCbor.encodeSequence(commitHeader, commitBody.toBuilder().remove("tooBig").build()));
        for (byte[] b : bad) {
            assertThrows(EventFormatException.class, () -> FrameDecoder.decode(b));
        }
        // an unknown type is passed on, not refused
        StreamMessage u = FrameDecoder.decode(DagCbor.encodeSequence(DataMap.builder().put("op", 1).put("t", "#later").build(), body));
        assertEquals(1, assertInstanceOf(StreamMessage.Unknown.class, u).seq());
    }

    @Test
    void eventClockNeverGoesBack() {
        Instant[] now = {T0};
        Clock moving = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        EventClock clock = new EventClock(moving);
        assertEquals("2024-05-06T07:08:09.123Z", clock.nowText());
        now[0] = T0.minusSeconds(10);
        assertEquals("2024-05-06T07:08:09.123Z", clock.nowText());
        now[0] = T0.plusMillis(877);
        assertEquals("2024-05-06T07:08:10.000Z", clock.nowText());
        assertEquals(T0, EventClock.parse("2024-05-06T07:08:09.123Z"));
        assertNull(EventClock.parse("yesterday"));
    }
}
