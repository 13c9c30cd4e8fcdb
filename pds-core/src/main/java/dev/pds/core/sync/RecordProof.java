package dev.pds.core.sync;

import dev.pds.core.block.BlockMap;
import dev.pds.core.block.BlockSource;
import dev.pds.core.car.CarWriter;
import dev.pds.core.data.Cid;
import dev.pds.core.mst.Mst;
import dev.pds.core.mst.NodeCache;

/**
 * The proof of one record as {@code com.atproto.sync.getRecord} answers it: a CAR rooted at the
 * commit holding the commit, the MST nodes from the root down to the key, and the record block
 * when the key is present (without it, the nodes prove the key's absence).
 */
public final class RecordProof {
    private RecordProof() {
    }

    /** The proof blocks, commit first. */
    public static BlockMap blocks(BlockSource source, Cid commit, String collection, String rkey, NodeCache cache) {
        byte[] commitBytes = source.require(commit);
        RepoCommit c = RepoCommit.decode(commit, commitBytes);
        BlockMap out = new BlockMap();
        out.put(commit, commitBytes);
        Mst mst = Mst.load(source, c.data(), cache);
        String key = collection + "/" + rkey;
        out.putAll(mst.proof(key));
        Cid record = mst.get(key);
        if (record != null) {
            out.put(record, source.require(record));
        }
        return out;
    }

    /** The proof as CAR bytes. */
    public static byte[] car(BlockSource source, Cid commit, String collection, String rkey, NodeCache cache) {
        return CarWriter.toBytes(commit, blocks(source, commit, collection, rkey, cache));
    }
}
