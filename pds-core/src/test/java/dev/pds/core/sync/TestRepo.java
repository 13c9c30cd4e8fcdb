package dev.pds.core.sync;

import dev.pds.core.block.Block;
import dev.pds.core.block.BlockMap;
import dev.pds.core.data.Cid;
import dev.pds.core.data.DataBytes;
import dev.pds.core.data.DataMap;
import dev.pds.core.data.DataNull;
import dev.pds.core.data.DagCbor;
import dev.pds.core.mst.Mst;
import dev.pds.core.mst.NodeCache;
import dev.pds.core.syntax.Tid;
import dev.pds.crypto.Curve;
import dev.pds.crypto.Keypair;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A repository built in memory for tests with the real MST: records spread over a few
 * collections, and a commit signed with a fixed K-256 key (written by hand here, so tests can
 * also make version 2 and broken commits).
 */
final class TestRepo {
    static final Keypair KEY = Keypair.fromPrivateKeyHex(Curve.K256,
            "9085d2bef69286a6cbb51623c8fa258629945cd55ca705cc4e66700396894e0c");
    static final Keypair OTHER_KEY = Keypair.fromPrivateKeyHex(Curve.P256,
            "2ad18b1d6ecd0a2dd0e9b7f4e3e1b8f0a2c1d5e6f708192a3b4c5d6e7f801234");
    static final String DID = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";
    static final List<String> COLLECTIONS = List.of("app.bsky.feed.like", "app.bsky.feed.post", "app.bsky.graph.follow");

    final BlockMap store = new BlockMap();
    final Map<String, Cid> records = new LinkedHashMap<>();
    Cid data;
    Cid commit;

    /** {@code n} records, the i-th in collection {@code i % 3}, with TID record keys. */
    static TestRepo withRecords(int n) {
        TestRepo r = new TestRepo();
        Mst mst = Mst.empty(r.store, new NodeCache(1000));
        for (int i = 0; i < n; i++) {
            String collection = COLLECTIONS.get(i % COLLECTIONS.size());
            String key = collection + "/" + Tid.of(1_700_000_000_000_000L + i * 1000L, 7);
            Block record = Block.ofDagCbor(DataMap.builder().put("$type", collection).put("text", "record " + i)
                    .put("createdAt", "2024-01-01T00:00:00.000Z").build());
            r.store.put(record);
            r.records.put(key, record.cid());
            mst = mst.add(key, record.cid());
        }
        Mst.Persisted p = mst.persist();
        r.store.putAll(p.blocks());
        r.data = p.tree().root();
        r.commit = r.putCommit(unsignedCommit(DID, 3, r.data, "3kznmn7xqxl22"), KEY);
        return r;
    }

    static DataMap.Builder unsignedCommit(String did, int version, Cid data, String rev) {
        return DataMap.builder().put("did", did).put("version", version).put("data", data).put("rev", rev).putNull("prev");
    }

    /** Signs {@code unsigned} with {@code key}, stores the commit block and returns its CID. */
    Cid putCommit(DataMap.Builder unsigned, Keypair key) {
        byte[] sig = key.sign(DagCbor.encode(unsigned.build()));
        return store.putDagCbor(unsigned.put("sig", new DataBytes(sig)).build());
    }

    /** The commit as it is, without a signature field value check: for hand-broken commits. */
    Cid putRawCommit(DataMap commitMap) {
        return store.putDagCbor(commitMap);
    }

    static DataMap.Builder withNullRev(DataMap.Builder b) {
        return b.put("rev", DataNull.INSTANCE);
    }
}
