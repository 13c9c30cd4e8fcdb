package dev.pds.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads of records while commits replace them: the index and the blocks it names are read
 * separately, so a commit in between removes blocks a read is about to fetch. Every read
 * must still answer, with a record as some commit left it.
 */
class RecordReadRaceTest {
    static final Keypair KEY = Keypair.generate(Curve.K256);
    static final Did ALICE = Did.parse("did:plc:alice234567abcdefghijkl");
    static final Nsid POST = Nsid.parse("app.bsky.feed.post");
    static final int RECORDS = 50;

    @TempDir
    Path dir;

    static DataMap post(String text) {
        return DataMap.builder().put("$type", POST.toString()).put("text", text).put("createdAt", "2024-01-01T00:00:00Z").build();
    }

    @Test
    void readsDuringRewritesAlwaysAnswer() throws Exception {
        try (RepoStore store = RepoStore.open(dir, StoreConfig.defaults())) {
            store.createRepo(ALICE, KEY, CommitEvents.NONE).join();
            List<WriteOp> first = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                first.add(WriteOp.create(POST.toString(), "r" + i, post("v0")));
            }
            store.applyWrites(ALICE, first, null, KEY, CommitEvents.NONE).join();

            AtomicBoolean done = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                try {
                    // every commit rewrites all records with new text: all their old blocks go
                    for (int round = 1; round <= 300; round++) {
                        List<WriteOp> w = new ArrayList<>();
                        for (int i = 0; i < RECORDS; i++) {
                            w.add(WriteOp.update(POST.toString(), "r" + i, post("v" + round)));
                        }
                        store.applyWrites(ALICE, w, null, KEY, CommitEvents.NONE).join();
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    done.set(true);
                }
            });
            writer.start();
            int pages = 0;
            int gets = 0;
            while (!done.get()) {
                RecordPage page = store.records().listRecords(ALICE, POST, 100, null, pages % 2 == 0);
                assertEquals(RECORDS, page.records().size());
                pages++;
                Optional<StoredRecord> one = store.records().getRecord(ALICE, POST, RecordKey.parse("r" + (gets % RECORDS)));
                assertTrue(one.isPresent());
                gets++;
            }
            writer.join();
            if (failure.get() != null) {
                throw new AssertionError("the writer failed", failure.get());
            }
            assertTrue(pages > 10, "the reads ran alongside the writes (" + pages + " pages)");
        }
    }
}
