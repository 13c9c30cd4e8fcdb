package dev.pds.e2e.firehose;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import dev.pds.core.block.BlockMap;
import dev.pds.core.car.CarContents;
import dev.pds.core.car.CarLimits;
import dev.pds.core.car.CarReader;
import dev.pds.core.data.DataMap;
import dev.pds.core.events.FrameDecoder;
import dev.pds.core.events.StreamMessage;
import dev.pds.core.mst.Mst;
import dev.pds.core.mst.NodeCache;
import dev.pds.core.repo.Commit;
import dev.pds.core.repo.RepoOp;
import dev.pds.core.repo.WriteOp;
import dev.pds.core.store.AppliedCommit;
import dev.pds.core.store.CommitTableWrites;
import dev.pds.core.syntax.Did;
import dev.pds.e2e.TestServer;
import dev.pds.server.AppContext;
import dev.pds.server.account.Account;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What a careful consumer checks on each frame, and how the tests write to a started server. */
final class FirehoseChecks {
    private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());

    private FirehoseChecks() {
    }

    static DataMap post(String text) {
        return DataMap.builder().put("$type", "app.bsky.feed.post").put("text", text)
                .put("createdAt", "2024-01-01T00:00:00.000Z").build();
    }

    /** Writes through the server's own repo writer (the path every record method takes). */
    static AppliedCommit write(TestServer pds, String did, List<WriteOp> writes) {
        AppContext c = pds.server.context();
        Account account = c.accounts().byDid(Did.parse(did)).orElseThrow();
        return c.writer().apply(account, writes, null, CommitTableWrites.NONE);
    }

    static String didKey(TestServer pds, String did) {
        return pds.server.context().accounts().byDid(Did.parse(did)).orElseThrow().signingKey().didKey();
    }

    /** Header and body read by Jackson's CBOR decoder, which shares no code with ours. */
    static JsonNode[] independent(byte[] frame) throws IOException {
        try (MappingIterator<JsonNode> it = CBOR.readerFor(JsonNode.class).readValues(frame)) {
            JsonNode header = it.next();
            JsonNode body = it.next();
            assertFalse(it.hasNext(), "nothing after the body");
            return new JsonNode[] {header, body};
        }
    }

    /**
     * Checks a #commit frame as a Sync 1.1 consumer does, with both decoders: the fields agree,
     * the CAR's root is the commit, the commit is signed by {@code didKey}, each op's record
     * travels with it, and undoing the ops on the event's blocks alone gives prevData.
     */
    static StreamMessage.Commit checkCommit(byte[] frame, String didKey) throws IOException {
        StreamMessage.Commit m = (StreamMessage.Commit) FrameDecoder.decode(frame);
        JsonNode[] j = independent(frame);
        assertEquals(1, j[0].get("op").asInt());
        assertEquals("#commit", j[0].get("t").asText());
        JsonNode body = j[1];
        assertEquals(m.seq(), body.get("seq").asLong());
        assertEquals(m.repo(), body.get("repo").asText());
        assertEquals(m.rev(), body.get("rev").asText());
        assertEquals(m.time(), body.get("time").asText());
        assertFalse(body.get("rebase").asBoolean());
        assertFalse(body.get("tooBig").asBoolean());
        assertTrue(body.get("blobs").isArray() && body.get("blobs").isEmpty());
        assertArrayEquals(m.blocks(), body.get("blocks").binaryValue());
        // a CID link is tag 42 over 0x00 + the binary CID
        byte[] link = body.get("commit").binaryValue();
        assertEquals(0, link[0]);
        assertEquals(m.commit(), dev.pds.core.data.Cid.fromBytes(java.util.Arrays.copyOfRange(link, 1, link.length)));
        assertEquals(m.ops().size(), body.get("ops").size());

        CarContents car = CarReader.readAll(m.blocks(), CarLimits.DEFAULT);
        assertEquals(m.commit(), car.root());
        BlockMap blocks = car.blocks();
        Commit commit = Commit.decode(blocks.get(m.commit()));
        assertTrue(commit.verify(didKey), "commit signed by the account's key");
        assertEquals(m.rev(), commit.rev());
        assertEquals(m.repo(), commit.did());
        Mst tree = Mst.load(blocks, commit.data(), new NodeCache(0));
        List<RepoOp> ops = new ArrayList<>(m.ops());
        Collections.reverse(ops);
        for (RepoOp op : ops) {
            assertEquals(op.cid(), tree.get(op.path()), "the new tree holds what the op says");
            if (op.cid() != null) {
                assertTrue(blocks.contains(op.cid()), "record block travels with its op");
            }
            tree = switch (op.action()) {
                case CREATE -> tree.delete(op.path());
                case UPDATE -> tree.update(op.path(), op.prev());
                case DELETE -> tree.add(op.path(), op.prev());
            };
        }
        if (m.prevData() != null) {
            assertEquals(m.prevData(), tree.root(), "inverting the ops gives prevData");
        }
        return m;
    }
}
