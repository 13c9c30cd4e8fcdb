package dev.pds.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.core.data.DataLink;
import dev.pds.core.data.DataMap;
import dev.pds.core.store.ToyRepo.Write;
import dev.pds.core.syntax.Did;
import dev.pds.core.syntax.Nsid;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many threads writing to many repos: one gap-free order of events, each matching its commit. */
class ConcurrentWritersTest {
    static final int REPOS = 12;
    static final int THREADS = 6;
    static final int COMMITS_PER_REPO = 60;

    @TempDir
    Path dir;

    @Test
    void seqsAreGapFreeAndEveryCommitHasItsEvent() throws Exception {
        List<CommitAck> acks = Collections.synchronizedList(new ArrayList<>());
        try (RepoStore store = RepoStore.open(dir, StoreConfig.defaults())) {
            for (int r = 0; r < REPOS; r++) {
                acks.add(store.createRepo(did(r), ToyRepo.writes(did(r).toString())).join());
            }
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> jobs = new ArrayList<>();
            // two threads share each repo, so the per-repo serialization is exercised too
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                jobs.add(pool.submit(() -> {
                    List<CompletableFuture<CommitAck>> mine = new ArrayList<>();
                    for (int i = 0; i < COMMITS_PER_REPO; i++) {
                        for (int r = thread % (THREADS / 2); r < REPOS; r += THREADS / 2) {
                            Did did = did(r);
                            String d = did.toString();
                            Write w = Write.put("app.bsky.feed.post", "t" + thread + "n" + i, "v" + (i % 3));
                            CommitPreparer p = state -> ToyRepo.prepare(d, state, List.of(w));
                            mine.add(store.commit(did, null, p));
                        }
                    }
                    mine.forEach(f -> acks.add(f.join()));
                    return null;
                }));
            }
            for (Future<?> j : jobs) {
                j.get();
            }
            pool.shutdown();

            long n = acks.size();
            assertEquals((long) REPOS * (COMMITS_PER_REPO * 2 + 1), n);
            List<Long> seqs = acks.stream().map(CommitAck::seq).sorted().toList();
            for (int i = 0; i < seqs.size(); i++) {
                assertEquals(i + 1L, seqs.get(i), "seqs are 1..n without gap or repeat");
            }
            assertEquals(n, store.log().lastSeq());
            List<StoredEvent> events = store.log().events(0, 100_000);
            assertEquals(n, events.size());
            for (CommitAck a : acks) {
                DataMap ev = ToyRepo.decodeEvent(events.get((int) a.seq() - 1).frame());
                assertEquals(a.commit(), ((DataLink) ev.get("commit")).cid());
                assertEquals(a.did().toString(), ev.getString("repo"));
            }
            // per repo, seq order is rev order: the log orders each repo's commits as they were made
            for (int r = 0; r < REPOS; r++) {
                String d = did(r).toString();
                List<CommitAck> mine = acks.stream().filter(a -> a.did().toString().equals(d))
                        .sorted((x, y) -> Long.compare(x.seq(), y.seq())).toList();
                for (int i = 1; i < mine.size(); i++) {
                    assertTrue(mine.get(i).rev().compareTo(mine.get(i - 1).rev()) > 0);
                }
                assertEquals(mine.get(mine.size() - 1).commit(), store.head(did(r)).orElseThrow().commit());
                assertEquals(COMMITS_PER_REPO * 2, store.records().listRecords(did(r), Nsid.parse("app.bsky.feed.post"), 1000, null, false).records().size());
            }
        }
    }

    static Did did(int r) {
        return Did.parse("did:plc:conc" + r + "aaaaaaaaaaaaaaaaaaaa");
    }
}
