package dev.pds.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.core.data.DataMap;
import dev.pds.core.mst.Mst;
import dev.pds.core.mst.NodeCache;
import dev.pds.core.repo.WriteOp;
import dev.pds.core.syntax.Did;
import dev.pds.core.syntax.Nsid;
import dev.pds.core.syntax.RecordKey;
import dev.pds.crypto.Curve;
import dev.pds.crypto.Keypair;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's cache of decoded MST nodes holds the trees as they are, not their history: each
 * commit's superseded nodes leave it, so many commits to a repo do not fill the heap with
 * nodes no read will ask for again.
 */
class NodeCacheUseTest {
    static final Keypair KEY = Keypair.generate(Curve.K256);
    static final Did ALICE = Did.parse("did:plc:alice234567abcdefghijkl");
    static final Nsid POST = Nsid.parse("app.bsky.feed.post");

    @TempDir
    Path dir;

    static DataMap post(int i) {
        return DataMap.builder().put("$type", POST.toString()).put("text", "post " + i).put("createdAt", "2024-01-01T00:00:00Z")
                .build();
    }

    @Test
    void manyCommitsLeaveOnlyTheCurrentTreeInTheCache() throws Exception {
        try (RepoStore store = RepoStore.open(dir, StoreConfig.defaults())) {
            store.createRepo(ALICE, KEY, CommitEvents.NONE).join();
            for (int i = 0; i < 600; i++) {
                store.applyWrites(ALICE, List.of(WriteOp.create(POST.toString(), "r" + (100_000 + i), post(i))), null, KEY,
                        CommitEvents.NONE).join();
            }
            RepoHead head = store.head(ALICE).orElseThrow();
            AtomicInteger nodes = new AtomicInteger();
            Mst.load(store.blocks(ALICE).orElseThrow(), head.data(), new NodeCache(0)).forEachNode(n -> nodes.incrementAndGet());
            // every commit rewrote a whole path (3-4 nodes); only the current tree's nodes may stay
            assertTrue(store.cachedNodes() <= nodes.get(), store.cachedNodes() + " cached for a tree of " + nodes.get());
            assertTrue(store.cachedNodes() > 0);
            // and the records still read, through the cache or the store alike
            assertEquals(100, store.records().listRecords(ALICE, POST, 100, null, false).records().size());
            assertTrue(store.records().getRecord(ALICE, POST, RecordKey.parse("r100599")).isPresent());
            store.applyWrites(ALICE, List.of(WriteOp.create(POST.toString(), "r200000", post(600))), null, KEY,
                    CommitEvents.NONE).join();
            assertTrue(store.records().getRecord(ALICE, POST, RecordKey.parse("r200000")).isPresent());
        }
    }
}
