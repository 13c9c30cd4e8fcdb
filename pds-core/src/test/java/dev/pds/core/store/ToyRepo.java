package dev.pds.core.store;

import dev.pds.core.block.BlockMap;
import dev.pds.core.data.Cid;
import dev.pds.core.data.DagCbor;
import dev.pds.core.data.DataInt;
import dev.pds.core.data.DataLink;
import dev.pds.core.data.DataMap;
import dev.pds.core.data.DataString;
import dev.pds.core.data.DataValue;
import dev.pds.core.syntax.Tid;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A hand-made repo format for testing the store below the MST: the "tree" is one DAG-CBOR map
 * from record path to record CID, and the commit links it with the DID and rev. It produces the
 * same kinds of changes a real commit does (new and unreachable blocks, record ops with prev,
 * shared record blocks), so the store is exercised exactly as the repo layer will use it.
 */
final class ToyRepo {
    /** A create or update ({@code value} non-null) or a delete at {@code collection/rkey}. */
    record Write(String collection, String rkey, DataMap value) {
        static Write put(String collection, String rkey, String text) {
            return new Write(collection, rkey, record(text));
        }

        static Write delete(String collection, String rkey) {
            return new Write(collection, rkey, null);
        }
    }

    private ToyRepo() {
    }

    static DataMap record(String text) {
        return DataMap.builder().put("$type", "app.bsky.feed.post").put("text", text).build();
    }

    /** The frame stored for a commit: seq, DID, rev and commit CID, so tests can match them up. */
    static EventSource event(String did, String rev, Cid commit) {
        return seq -> DagCbor.encode(DataMap.builder().put("seq", seq).put("repo", did).put("rev", rev)
                .put("commit", commit).build());
    }

    static DataMap decodeEvent(byte[] frame) {
        return (DataMap) DagCbor.decode(frame);
    }

    /** The paths and CIDs of the repo as its current state holds them (empty before the first commit). */
    static TreeMap<String, Cid> tree(RepoState state) {
        TreeMap<String, Cid> tree = new TreeMap<>();
        if (state.exists()) {
            DataMap data = (DataMap) DagCbor.decode(state.blocks().require(state.head().data()));
            for (Map.Entry<String, DataValue> e : data.entries()) {
                tree.put(e.getKey(), ((DataLink) e.getValue()).cid());
            }
        }
        return tree;
    }

    static String nextRev(RepoState state) {
        long micros = state.exists() ? Tid.parse(state.head().rev()).timestampMicros() + 1 : 1_700_000_000_000_000L;
        return Tid.of(micros, 0).toString();
    }

    static CommitPreparer writes(String did, List<Write> writes) {
        return state -> prepare(did, state, writes);
    }

    static CommitPreparer writes(String did, Write... writes) {
        return writes(did, List.of(writes));
    }

    static PreparedCommit prepare(String did, RepoState state, List<Write> writes) {
        TreeMap<String, Cid> tree = tree(state);
        BlockMap fresh = new BlockMap();
        List<RecordOp> ops = new ArrayList<>();
        for (Write w : writes) {
            String path = w.collection() + "/" + w.rkey();
            Cid prev = tree.get(path);
            if (w.value() == null) {
                if (prev == null) {
                    throw new IllegalArgumentException("no record at " + path);
                }
                tree.remove(path);
                ops.add(RecordOp.delete(w.collection(), w.rkey(), prev));
            } else {
                Cid cid = fresh.putDagCbor(w.value());
                tree.put(path, cid);
                ops.add(prev == null ? RecordOp.create(w.collection(), w.rkey(), cid) : RecordOp.update(w.collection(), w.rkey(), cid, prev));
            }
        }
        DataMap.Builder data = DataMap.builder();
        tree.forEach(data::put);
        Cid dataCid = fresh.putDagCbor(data.build());
        String rev = nextRev(state);
        Cid commit = fresh.putDagCbor(DataMap.builder().put("did", did).put("version", new DataInt(3))
                .put("data", dataCid).put("rev", rev).put("prev", new DataString("none")).build());
        Set<Cid> removed = new HashSet<>();
        if (state.exists()) {
            removed.add(state.head().commit());
            removed.add(state.head().data());
            for (RecordOp op : ops) {
                if (op.prev() != null) {
                    removed.add(op.prev());
                }
            }
        }
        return new PreparedCommit(commit, dataCid, rev, fresh, removed, ops, List.of(event(did, rev, commit)));
    }
}
