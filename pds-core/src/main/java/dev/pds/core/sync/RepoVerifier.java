package dev.pds.core.sync;

import dev.pds.core.block.BlockMap;
import dev.pds.core.block.MissingBlockException;
import dev.pds.core.car.CarContents;
import dev.pds.core.car.CarLimits;
import dev.pds.core.car.CarReader;
import dev.pds.core.data.Cid;
import dev.pds.core.data.DagCbor;
import dev.pds.core.data.DataMap;
import dev.pds.core.data.DataModelException;
import dev.pds.core.mst.Mst;
import dev.pds.core.mst.MstException;
import dev.pds.core.mst.MstLeaf;
import dev.pds.core.mst.NodeCache;
import dev.pds.core.syntax.Nsid;
import dev.pds.core.syntax.RecordKey;
import java.io.InputStream;
import java.util.TreeMap;

/**
 * Verifies a full repository export (an import, or {@code pds car verify}): every block hashes
 * to its CID (the CAR reader), the single root is a version 3 (or 2) commit, its DID is the one
 * expected and its signature verifies against the given key when those are given, the MST is
 * well formed (each node decodes canonically, keys in order, at their heights, prefix
 * compressed, no empty nodes; MstNodeCodec checks these as the walk loads each node), and every
 * key is a repo path whose record block is present and is a DAG-CBOR map.
 *
 * <p>The blocks are held in memory (bounded by {@link CarLimits}); the tree is walked one path
 * at a time, and only counts are kept, so tens of thousands of records are cheap.
 */
public final class RepoVerifier {
    private RepoVerifier() {
    }

    /**
     * What to check beyond structure; null fields are not checked.
     *
     * @param did    the DID the commit must name
     * @param didKey the did:key whose key must have signed the commit
     */
    public record Expect(String did, String didKey) {
        public static final Expect NOTHING = new Expect(null, null);
    }

    public static VerifiedRepo verify(InputStream car, CarLimits limits, Expect expect) {
        return verify(CarReader.readAll(car, limits), expect);
    }

    public static VerifiedRepo verify(byte[] car, CarLimits limits, Expect expect) {
        return verify(CarReader.readAll(car, limits), expect);
    }

    public static VerifiedRepo verify(CarContents car, Expect expect) {
        if (car.header().roots().size() != 1) {
            throw new InvalidRepoException("a repo export has exactly one root (its commit), not " + car.header().roots().size());
        }
        BlockMap blocks = car.blocks();
        Cid commitCid = car.root();
        byte[] commitBytes = blocks.get(commitCid);
        if (commitBytes == null) {
            throw new InvalidRepoException("the root commit " + commitCid + " is not in the file");
        }
        RepoCommit commit = RepoCommit.decode(commitCid, commitBytes);
        if (expect.did() != null && !expect.did().equals(commit.did())) {
            throw new InvalidRepoException("commit is for " + commit.did() + ", not the expected " + expect.did());
        }
        if (expect.didKey() != null && !commit.verifies(expect.didKey())) {
            throw new InvalidRepoException("commit signature does not verify against " + expect.didKey());
        }
        TreeMap<String, Long> collections = new TreeMap<>();
        long[] records = {0};
        try {
            Mst mst = Mst.load(blocks, commit.data(), new NodeCache(0));
            mst.forEachLeaf(leaf -> {
                checkRecord(blocks, leaf);
                collections.merge(leaf.key().substring(0, leaf.key().indexOf('/')), 1L, Long::sum);
                records[0]++;
            });
        } catch (MstException e) {
            throw new InvalidRepoException(e.getMessage(), e);
        } catch (MissingBlockException e) {
            throw new InvalidRepoException("MST node " + e.cid() + " is not in the file", e);
        }
        return new VerifiedRepo(commit.did(), commit.rev(), commit.version(), commitCid, commit.data(), collections,
                records[0], blocks);
    }

    private static void checkRecord(BlockMap blocks, MstLeaf leaf) {
        String key = leaf.key();
        int slash = key.indexOf('/');
        if (slash < 0 || key.indexOf('/', slash + 1) >= 0 || !Nsid.isValid(key.substring(0, slash))
                || !RecordKey.isValid(key.substring(slash + 1))) {
            throw new InvalidRepoException("MST key " + key + " is not a repo path <collection NSID>/<record key>");
        }
        Cid cid = leaf.value();
        if (cid.codec() != Cid.DAG_CBOR) {
            throw new InvalidRepoException("record " + key + " has CID " + cid + ", which is not dag-cbor");
        }
        byte[] bytes = blocks.get(cid);
        if (bytes == null) {
            throw new InvalidRepoException("record " + key + " (" + cid + ") is not in the file");
        }
        try {
            if (!(DagCbor.decode(bytes) instanceof DataMap)) {
                throw new InvalidRepoException("record " + key + " (" + cid + ") is not a map");
            }
        } catch (DataModelException e) {
            throw new InvalidRepoException("record " + key + " (" + cid + ") is not valid DAG-CBOR: " + e.getMessage(), e);
        }
    }
}
