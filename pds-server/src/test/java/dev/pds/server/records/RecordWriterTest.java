package dev.pds.server.records;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pds.core.data.BlobRef;
import dev.pds.core.data.Cid;
import dev.pds.core.error.XrpcException;
import dev.pds.core.lexicon.LexiconCatalog;
import dev.pds.core.lexicon.ValidateMode;
import dev.pds.core.repo.RepoOp;
import dev.pds.core.repo.WriteAction;
import dev.pds.core.store.AppliedCommit;
import dev.pds.core.events.EventClock;
import dev.pds.core.events.FirehoseEvents;
import dev.pds.core.store.RepoStore;
import dev.pds.core.store.StoreConfig;
import dev.pds.core.store.Table;
import dev.pds.core.store.TableWrites;
import dev.pds.core.syntax.Did;
import dev.pds.core.syntax.Nsid;
import dev.pds.core.syntax.RecordKey;
import dev.pds.crypto.Curve;
import dev.pds.crypto.Keypair;
import dev.pds.server.account.Account;
import dev.pds.server.account.AccountStatus;
import dev.pds.server.repo.RepoWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seam between record writes and the blob store: what {@link RecordBlobs} is shown before a
 * commit, that its table writes land in the commit's batch, and that its refusal commits nothing.
 */
class RecordWriterTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String BLOB = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";

    @TempDir
    Path dir;
    RepoStore store;
    RepoWriter repoWriter;
    Account alice;
    WritePreparer preparer;

    @BeforeEach
    void open() {
        store = RepoStore.open(dir, StoreConfig.defaults());
        repoWriter = new RepoWriter(store, new FirehoseEvents(EventClock.system()));
        Keypair key = Keypair.generate(Curve.K256);
        alice = new Account(Did.parse("did:plc:alice234567abcdefghijklm"), "alice.test", "alice@example.com", false, "x",
                key.privateKeyHex(), Instant.now(), AccountStatus.ACTIVE);
        repoWriter.createRepo(alice, dev.pds.core.store.CommitTableWrites.NONE);
        preparer = new WritePreparer(LexiconCatalog.bundled(), store.tids());
    }

    @AfterEach
    void close() {
        store.close();
    }

    JsonNode withBlob(String name) throws Exception {
        return JSON.readTree("{\"name\":\"" + name + "\",\"img\":{\"$type\":\"blob\",\"ref\":{\"$link\":\"" + BLOB
                + "\"},\"mimeType\":\"image/png\",\"size\":42},\"more\":[{\"$type\":\"blob\",\"ref\":{\"$link\":\"" + BLOB
                + "\"},\"mimeType\":\"image/png\",\"size\":42}]}");
    }

    @Test
    void theBlobStoreSeesEachWritesBlobsAndItsTableWritesCommitWithTheRecords() throws Exception {
        List<List<PreparedWrite>> seen = new ArrayList<>();
        List<RepoOp> opsSeen = new ArrayList<>();
        RecordBlobs blobs = (did, writes) -> {
            assertEquals(alice.did(), did);
            seen.add(writes);
            return result -> {
                opsSeen.addAll(result.ops());
                TableWrites t = TableWrites.create();
                for (RepoOp op : result.ops()) {
                    t.put(Table.BLOBS, ("ref/" + op.path()).getBytes(StandardCharsets.UTF_8),
                            result.rev().getBytes(StandardCharsets.UTF_8));
                }
                return t;
            };
        };
        ValidateMode mode = ValidateMode.IF_KNOWN;
        new RecordWriter(repoWriter, RecordBlobs.NONE).commit(alice,
                List.of(preparer.create("com.example.pic", "p3", withBlob("old"), mode, "record")), null);
        RecordWriter writer = new RecordWriter(repoWriter, blobs);
        AppliedCommit applied = writer.commit(alice, List.of(
                preparer.create("com.example.pic", "p1", withBlob("a"), mode, "record"),
                preparer.create("com.example.pic", "p2", JSON.readTree("{\"name\":\"plain\"}"), mode, "record"),
                preparer.delete("com.example.pic", "p3")), null);
        assertEquals(1, seen.size());
        List<PreparedWrite> writes = seen.get(0);
        assertEquals(3, writes.size());
        BlobRef ref = new BlobRef(Cid.parse(BLOB), "image/png", 42);
        assertEquals(List.of(ref, ref), writes.get(0).blobs(), "every reference, in document order");
        assertEquals(List.of(), writes.get(1).blobs());
        assertEquals(WriteAction.DELETE, writes.get(2).action());
        assertEquals(List.of(), writes.get(2).blobs());
        assertEquals(applied.result().ops(), opsSeen);
        assertArrayEquals(applied.result().rev().getBytes(StandardCharsets.UTF_8),
                store.get(Table.BLOBS, "ref/com.example.pic/p1".getBytes(StandardCharsets.UTF_8)).orElseThrow());
    }

    @Test
    void aRefusalFromTheBlobStoreCommitsNothing() throws Exception {
        RecordBlobs refuse = (did, writes) -> {
            throw XrpcException.badRequest("BlobNotFound", "Could not find blob: " + writes.get(0).blobs().get(0).ref());
        };
        Cid head = store.head(alice.did()).orElseThrow().commit();
        XrpcException e = assertThrows(XrpcException.class, () -> new RecordWriter(repoWriter, refuse).commit(alice,
                List.of(preparer.create("com.example.pic", "p1", withBlob("a"), ValidateMode.IF_KNOWN, "record")), null));
        assertEquals("BlobNotFound", e.error());
        assertEquals(head, store.head(alice.did()).orElseThrow().commit());
        assertTrue(store.records().getRecord(alice.did(), Nsid.parse("com.example.pic"), RecordKey.parse("p1")).isEmpty());
    }

    @Test
    void legacyReferencesAreRefusedBeforeTheBlobStoreIsAsked() throws Exception {
        XrpcException e = assertThrows(XrpcException.class, () -> preparer.create("com.example.pic", "p1",
                JSON.readTree("{\"img\":{\"cid\":\"" + BLOB + "\",\"mimeType\":\"image/png\"}}"), ValidateMode.IF_KNOWN,
                "record"));
        assertEquals("InvalidRequest", e.error());
        assertEquals("Legacy blobs are not allowed (" + BLOB + ")", e.getMessage());
    }
}
