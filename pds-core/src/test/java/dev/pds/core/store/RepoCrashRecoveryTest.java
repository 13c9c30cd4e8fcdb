package dev.pds.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.core.car.CarLimits;
import dev.pds.core.data.Cid;
import dev.pds.core.data.DagCbor;
import dev.pds.core.data.DataLink;
import dev.pds.core.data.DataMap;
import dev.pds.core.mst.Mst;
import dev.pds.core.mst.NodeCache;
import dev.pds.core.repo.Commit;
import dev.pds.core.repo.WriteAction;
import dev.pds.core.repo.WriteOp;
import dev.pds.core.sync.RepoVerifier;
import dev.pds.core.sync.VerifiedRepo;
import dev.pds.core.syntax.Did;
import dev.pds.core.syntax.Nsid;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CrashRecoveryTest} through the real repo layer: a child JVM writes signed commits with
 * their MST through {@link RepoStore#applyWrites} and is killed with SIGKILL at several moments.
 * After each restart, for every repo: every acknowledged commit is there (the head is at or
 * past it), the head's signature verifies against the account key, its MST root is the
 * commit's {@code data}, and the repo holds exactly the records of some whole prefix of the
 * commits written: no half commit. The whole repo is then exported and verified, and the
 * record index, reference counts and stored blocks are checked against the tree.
 */
class RepoCrashRecoveryTest {
    static final int REPOS = 3;

    @TempDir
    Path dir;

    record Ack(String did, long index, long seq, String rev, Cid commit) {
    }

    @Test
    void everyAcknowledgedSignedCommitSurvivesKillNine() throws Exception {
        int[] killAfter = {4, 150, 40, 300};
        // what each repo must hold: path -> record, the writes of each round applied up to where it got
        Map<String, TreeMap<String, DataMap>> expected = new HashMap<>();
        for (int round = 0; round < killAfter.length; round++) {
            String tag = "r" + round;
            List<Ack> acks = new ArrayList<>();
            for (String[] f : KilledWriter.runAndKill(RepoCrashWriter.class, killAfter[round], dir.toString(), tag,
                    String.valueOf(REPOS))) {
                assertEquals(6, f.length, String.join(" ", f));
                acks.add(new Ack(f[1], Long.parseLong(f[2]), Long.parseLong(f[3]), f[4], Cid.parse(f[5])));
            }
            assertTrue(acks.size() >= killAfter[round], "round " + round + " saw " + acks.size() + " acks");
            try (RepoStore store = RepoStore.open(dir, StoreConfig.defaults())) {
                Map<String, DataMap> latestEvents = checkEvents(store, acks);
                for (int r = 0; r < REPOS; r++) {
                    Did did = RepoCrashWriter.did(r);
                    TreeMap<String, DataMap> model = expected.computeIfAbsent(did.toString(), k -> new TreeMap<>());
                    checkRepo(store, did, tag, model, acks, latestEvents.get(did.toString()));
                }
            }
        }
    }

    /** Events 1..lastSeq with no gap; every ack's seq names its commit. Returns each repo's latest event. */
    private static Map<String, DataMap> checkEvents(RepoStore store, List<Ack> acks) {
        Map<Long, DataMap> bySeq = new HashMap<>();
        Map<String, DataMap> latest = new HashMap<>();
        long expect = 1;
        for (List<StoredEvent> page = store.log().events(0, 10_000); !page.isEmpty(); page = store.log().events(expect - 1, 10_000)) {
            for (StoredEvent e : page) {
                assertEquals(expect++, e.seq(), "events are contiguous");
                DataMap m = ToyRepo.decodeEvent(e.frame());
                bySeq.put(e.seq(), m);
                latest.put(m.getString("repo"), m);
            }
        }
        assertEquals(store.log().lastSeq() + 1, expect, "the last event is the last seq");
        for (Ack a : acks) {
            DataMap event = bySeq.get(a.seq());
            assertNotNull(event, "the event of acknowledged seq " + a.seq() + " is durable");
            assertEquals(a.commit(), ((DataLink) event.get("commit")).cid());
            assertEquals(a.rev(), event.getString("rev"));
        }
        return latest;
    }

    private static void checkRepo(RepoStore store, Did did, String tag, TreeMap<String, DataMap> model, List<Ack> acks,
                                  DataMap latestEvent) throws IOException {
        RepoHead head = store.head(did).orElseThrow(() -> new AssertionError(did + " has no repo after the crash"));
        assertNotNull(latestEvent, did + " has commits but no event");
        assertEquals(((DataLink) latestEvent.get("commit")).cid(), head.commit(), "head is the commit of the last event");
        assertEquals(latestEvent.getString("rev"), head.rev());
        try (RepoSnapshot snap = store.snapshot(did).orElseThrow()) {
            Commit commit = Commit.decode(snap.blocks().require(head.commit()));
            assertTrue(commit.verify(RepoCrashWriter.KEY.didKey()), "the head commit's signature verifies");
            assertEquals(did.toString(), commit.did());
            assertEquals(head.rev(), commit.rev());
            Mst tree = Mst.load(snap.blocks(), commit.data(), new NodeCache(0));
            assertEquals(head.data(), tree.root(), "the MST root is the commit's data");
            TreeMap<String, Cid> leaves = new TreeMap<>();
            tree.forEachLeaf(l -> leaves.put(l.key(), l.value()));

            // how far this round got: its highest stored key (see RepoCrashWriter.writes)
            long reached = -1;
            String prefix = tag + "k";
            for (String path : leaves.keySet()) {
                String rkey = path.substring(path.indexOf('/') + 1);
                if (rkey.startsWith(prefix)) {
                    reached = Math.max(reached, Long.parseLong(rkey.substring(prefix.length())));
                }
            }
            for (Ack a : acks) {
                if (a.did().equals(did.toString())) {
                    assertTrue(a.index() <= reached, did + ": acknowledged commit " + a.index() + " of " + tag
                            + " is missing (the repo reached " + reached + ")");
                    assertTrue(a.rev().compareTo(head.rev()) <= 0, "acknowledged rev " + a.rev() + " is not after the head");
                }
            }
            for (long i = 0; i <= reached; i++) {
                apply(model, RepoCrashWriter.writes(tag, i));
            }
            TreeMap<String, Cid> modelCids = new TreeMap<>();
            model.forEach((path, value) -> modelCids.put(path, DagCbor.cidOf(value)));
            assertEquals(modelCids, leaves, did + ": the tree holds exactly the writes of commits 0.." + reached + " of " + tag);

            // the whole repo as getRepo serves it, verified as an importer would
            ByteArrayOutputStream car = new ByteArrayOutputStream();
            snap.writeCar(car);
            VerifiedRepo verified = RepoVerifier.verify(car.toByteArray(), CarLimits.DEFAULT,
                    new RepoVerifier.Expect(did.toString(), RepoCrashWriter.KEY.didKey()));
            assertEquals(model.size(), verified.recordCount());
            assertEquals(head.commit(), verified.commit());

            checkIndexes(store, did, head, leaves, tree);
        }
    }

    private static void apply(TreeMap<String, DataMap> model, List<WriteOp> writes) {
        for (WriteOp w : writes) {
            if (w.action() == WriteAction.DELETE) {
                assertNotNull(model.remove(w.path()), "model deletes a present record");
            } else {
                model.put(w.path(), w.record());
            }
        }
    }

    /** The record index and reference counts match the tree; the blocks are exactly the reachable ones. */
    private static void checkIndexes(RepoStore store, Did did, RepoHead head, TreeMap<String, Cid> leaves, Mst tree) {
        TreeMap<String, Cid> indexed = new TreeMap<>();
        for (String collection : List.of(RepoCrashWriter.POST, RepoCrashWriter.LIKE)) {
            String cursor = null;
            do {
                RecordPage page = store.records().listRecords(did, Nsid.parse(collection), 1000, cursor, false);
                for (StoredRecord r : page.records()) {
                    indexed.put(collection + "/" + r.rkey(), r.cid());
                    assertEquals(r.cid(), Cid.ofDagCbor(r.bytes()));
                }
                cursor = page.cursor();
            } while (cursor != null);
        }
        assertEquals(leaves, indexed, "the record index matches the tree");
        StoreReader raw = CrashRecoveryTest.rawReader(store);
        Set<Cid> distinct = new HashSet<>(leaves.values());
        for (Cid cid : distinct) {
            long uses = leaves.values().stream().filter(cid::equals).count();
            assertEquals(uses, raw.refCount(head.repoId(), cid), "reference count of " + cid);
        }
        assertEquals(distinct.size(), raw.count(ColumnFamily.RECORD_REFS, Keys.repoPrefix(head.repoId())));
        int[] nodes = {0};
        tree.forEachNode(n -> nodes[0]++);
        assertEquals(1 + nodes[0] + distinct.size(), raw.count(ColumnFamily.BLOCKS, Keys.repoPrefix(head.repoId())),
                "exactly the commit, the tree's nodes and the distinct record blocks are stored");
    }
}
