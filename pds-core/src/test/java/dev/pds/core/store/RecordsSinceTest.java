package dev.pds.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.core.data.DataMap;
import dev.pds.core.repo.WriteOp;
import dev.pds.core.syntax.Did;
import dev.pds.core.syntax.Nsid;
import dev.pds.core.syntax.RecordKey;
import dev.pds.crypto.Curve;
import dev.pds.crypto.Keypair;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records written after a rev, as read-after-write asks for them, with the revs that wrote them. */
class RecordsSinceTest {
    static final Nsid POST = Nsid.parse("app.bsky.feed.post");
    static final Nsid PROFILE = Nsid.parse("app.bsky.actor.profile");
    static final Did ALICE = Did.parse("did:plc:alice234567abcdefghijklm");
    static final Did NOBODY = Did.parse("did:plc:nobody4567abcdefghijklm");
    static final Keypair KEY = Keypair.generate(Curve.K256);

    @TempDir
    Path dir;

    static DataMap post(String text) {
        return DataMap.builder().put("$type", POST.toString()).put("text", text).put("createdAt", "2024-01-01T00:00:00Z").build();
    }

    private static String write(RepoStore store, WriteOp op) {
        return store.applyWrites(ALICE, List.of(op), null, KEY, CommitEvents.NONE).join().result().rev();
    }

    private static List<String> rkeys(RecordsSince since) {
        List<String> out = new ArrayList<>();
        since.records().forEach(r -> out.add(r.record().rkey()));
        return out;
    }

    @Test
    void findsTheRecordsWrittenAfterARevNewestFirstWithTheirRevs() {
        try (RepoStore store = RepoStore.open(dir, StoreConfig.defaults())) {
            store.createRepo(ALICE, KEY, CommitEvents.NONE).join();
            List<String> revs = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                revs.add(write(store, WriteOp.create(POST.toString(), "r" + i, post("post " + i))));
            }
            RecordReads reads = store.records();

            RecordsSince since = reads.recordsSince(ALICE, POST, revs.get(2), 10);
            assertEquals(List.of("r5", "r4", "r3"), rkeys(since));
            assertEquals(List.of(revs.get(5), revs.get(4), revs.get(3)), since.records().stream().map(RevisedRecord::rev).toList());
            assertTrue(since.olderSeen(), "r2 was written at the rev asked for");

            RecordsSince capped = reads.recordsSince(ALICE, POST, revs.get(0), 2);
            assertEquals(List.of("r5", "r4"), rkeys(capped));
            assertFalse(capped.olderSeen(), "r3 was read to tell, and is newer too");

            RecordsSince all = reads.recordsSince(ALICE, POST, "2222222222222", 10);
            assertEquals(6, all.records().size());
            assertFalse(all.olderSeen(), "a rev before every record: nothing older to meet");

            assertEquals(List.of(), reads.recordsSince(ALICE, POST, revs.get(5), 10).records());
            assertTrue(reads.recordsSince(ALICE, POST, revs.get(5), 10).olderSeen());
            assertEquals(List.of(), reads.recordsSince(NOBODY, POST, revs.get(0), 10).records());
            assertEquals(List.of(), reads.recordsSince(ALICE, PROFILE, revs.get(0), 10).records());

            // an update gives the record the updating commit's rev; a delete removes it
            String updated = write(store, WriteOp.update(POST.toString(), "r1", post("post 1, edited")));
            write(store, WriteOp.delete(POST.toString(), "r5"));
            RevisedRecord r1 = reads.getRevisedRecord(ALICE, POST, RecordKey.parse("r1")).orElseThrow();
            assertEquals(updated, r1.rev());
            assertEquals(reads.getRecord(ALICE, POST, RecordKey.parse("r1")).orElseThrow().cid(), r1.record().cid());
            assertEquals(revs.get(0), reads.getRevisedRecord(ALICE, POST, RecordKey.parse("r0")).orElseThrow().rev());
            assertTrue(reads.getRevisedRecord(ALICE, POST, RecordKey.parse("r5")).isEmpty());
            assertEquals(List.of("r4", "r3"), rkeys(reads.recordsSince(ALICE, POST, revs.get(2), 10)));
        }
    }
}
