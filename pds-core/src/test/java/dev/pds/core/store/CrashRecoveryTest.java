package dev.pds.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.core.data.Cid;
import dev.pds.core.data.DataInt;
import dev.pds.core.data.DataLink;
import dev.pds.core.data.DataMap;
import dev.pds.core.data.DataString;
import dev.pds.core.store.ToyRepo.Write;
import dev.pds.core.syntax.Did;
import dev.pds.core.syntax.Nsid;
import dev.pds.core.syntax.RecordKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * Kills a real writer process with SIGKILL under load, at several moments, and checks after
 * each restart that every acknowledged commit is there and that no half commit is visible.
 */
class CrashRecoveryTest {
    static final int REPOS = 4;

    @TempDir
    Path dir;

    record Ack(String did, long seq, String rev, Cid commit, String rkey) {
    }

    @Test
    void everyAcknowledgedCommitSurvivesKillNine() throws Exception {
        int[] killAfter = {7, 180, 60, 420};
        List<Ack> allAcks = new ArrayList<>();
        for (int round = 0; round < killAfter.length; round++) {
            List<Ack> acks = runAndKill("r" + round, killAfter[round]);
            assertTrue(acks.size() >= killAfter[round], "round " + round + " saw " + acks.size() + " acks");
            allAcks.addAll(acks);
            try (RepoStore store = RepoStore.open(dir, StoreConfig.defaults())) {
                check(store, allAcks);
                // the store goes on: the next seq follows the last one, never reusing a number
                long last = store.log().lastSeq();
                Did did = Did.parse("did:plc:crash0aaaaaaaaaaaaaaaaaa");
                CommitAck next = store.commit(did, null, ToyRepo.writes(did.toString(), Write.put(CrashWriter.POST, "after" + round, "x"))).join();
                assertEquals(last + 1, next.seq());
            }
        }
    }

    /**
     * The same with the smallest memtables: the writer flushes every few commits, so RocksDB
     * retires WAL files and writes the next ones over them (docs/STORAGE.md): the kills land
     * while the writer fills reused files, whose tails still hold an older file's records.
     * Recovery must stop at those and lose nothing acknowledged.
     */
    @Test
    void everyAcknowledgedCommitSurvivesKillNineInReusedWalFiles() throws Exception {
        int[] killAfter = {400, 900, 250};
        List<Ack> allAcks = new ArrayList<>();
        for (int round = 0; round < killAfter.length; round++) {
            List<Ack> acks = runAndKill("w" + round, killAfter[round], "small");
            assertTrue(acks.size() >= killAfter[round], "round " + round + " saw " + acks.size() + " acks");
            allAcks.addAll(acks);
            assertTrue(rocksLog().contains("reusing log"), "the writer wrote into reused WAL files before the kill");
            try (RepoStore store = RepoStore.open(dir, StoreConfig.defaults())) {
                check(store, allAcks);
            }
        }
    }

    private String rocksLog() throws IOException {
        // RocksDB's info log of the killed run; an open renames it to LOG.old.*
        return Files.readString(dir.resolve("LOG"), StandardCharsets.ISO_8859_1);
    }

    private List<Ack> runAndKill(String tag, int acksBeforeKill, String... extra) throws IOException, InterruptedException {
        List<Ack> acks = new ArrayList<>();
        List<String> args = new ArrayList<>(List.of(dir.toString(), tag, String.valueOf(REPOS)));
        args.addAll(List.of(extra));
        for (String[] f : KilledWriter.runAndKill(CrashWriter.class, acksBeforeKill, args.toArray(String[]::new))) {
            assertEquals(6, f.length, String.join(" ", f));
            acks.add(new Ack(f[1], Long.parseLong(f[2]), f[3], Cid.parse(f[4]), f[5]));
        }
        return acks;
    }

    private static void check(RepoStore store, List<Ack> acks) {
        long lastSeq = store.log().lastSeq();
        // events: 1..lastSeq with no gap, each naming its own seq; remember each repo's latest
        Map<String, DataMap> latestEvent = new HashMap<>();
        Map<Long, DataMap> bySeq = new HashMap<>();
        long expect = 1;
        for (List<StoredEvent> page = store.log().events(0, 10_000); !page.isEmpty(); page = store.log().events(expect - 1, 10_000)) {
            for (StoredEvent e : page) {
                assertEquals(expect, e.seq(), "events are contiguous");
                expect++;
                DataMap m = ToyRepo.decodeEvent(e.frame());
                if (m.containsKey("seq")) {
                    assertEquals(e.seq(), ((DataInt) m.get("seq")).value());
                    latestEvent.put(m.getString("repo"), m);
                    bySeq.put(e.seq(), m);
                }
            }
        }
        assertEquals(lastSeq + 1, expect, "the last event is the last seq");

        for (Ack a : acks) {
            assertTrue(a.seq() <= lastSeq, "acked seq " + a.seq() + " is durable");
            DataMap event = bySeq.get(a.seq());
            assertNotNull(event, "event of acked seq " + a.seq());
            assertEquals(a.commit(), ((DataLink) event.get("commit")).cid());
            assertEquals(a.rev(), event.getString("rev"));
        }

        Map<String, Set<String>> ackedKeys = new HashMap<>();
        for (Ack a : acks) {
            ackedKeys.computeIfAbsent(a.did(), k -> new HashSet<>()).add(a.rkey());
        }
        for (Map.Entry<String, DataMap> e : latestEvent.entrySet()) {
            Did did = Did.parse(e.getKey());
            RepoHead head = store.head(did).orElseThrow();
            // the head is exactly the commit of the repo's last logged event: log and data agree
            assertEquals(((DataLink) e.getValue().get("commit")).cid(), head.commit());
            assertEquals(e.getValue().getString("rev"), head.rev());
            RepoSnapshot snap = store.snapshot(did).orElseThrow();
            try (snap) {
                RepoState state = new RepoState(snap.head(), snap.blocks());
                TreeMap<String, Cid> tree = ToyRepo.tree(state);
                Set<Cid> distinct = new HashSet<>(tree.values());
                List<StoredRecord> listed = store.records().listRecords(did, Nsid.parse(CrashWriter.POST), 1000, null, false).records();
                assertEquals(tree.size(), listed.size(), "record index matches the tree");
                for (StoredRecord r : listed) {
                    assertEquals(tree.get(CrashWriter.POST + "/" + r.rkey()), r.cid());
                    assertEquals(Cid.ofDagCbor(r.bytes()), r.cid());
                }
                StoreReader raw = rawReader(store);
                assertEquals(distinct.size() + 2, raw.count(ColumnFamily.BLOCKS, Keys.repoPrefix(head.repoId())),
                        "exactly the commit, the tree and the distinct record blocks are stored");
                assertEquals(distinct.size(), raw.count(ColumnFamily.RECORD_REFS, Keys.repoPrefix(head.repoId())));
                for (Cid cid : distinct) {
                    long uses = tree.values().stream().filter(cid::equals).count();
                    assertEquals(uses, raw.refCount(head.repoId(), cid), "reference count of " + cid);
                }
            }
            // every acknowledged write of this repo that no later write deleted is readable
            for (String rkey : ackedKeys.getOrDefault(e.getKey(), Set.of())) {
                if (rkey.equals("-")) {
                    continue;
                }
                boolean deletedLater = deletedByDurableCommit(store, did, rkey);
                assertEquals(!deletedLater, store.records().getRecord(did, Nsid.parse(CrashWriter.POST), RecordKey.parse(rkey)).isPresent(), rkey);
            }
        }
        assertEquals(REPOS, latestEvent.size());
        assertTrue(latestEvent.values().stream().allMatch(m -> m.get("repo") instanceof DataString));
    }

    /**
     * The writer deletes key i-3 in its commit i when i % 4 == 3, which also creates key i and
     * nothing deletes that one: so the deleting commit is durable exactly when key i is stored
     * (it may be durable without having been acknowledged before the kill).
     */
    private static boolean deletedByDurableCommit(RepoStore store, Did did, String rkey) {
        int k = rkey.indexOf('k');
        long i = Long.parseLong(rkey.substring(k + 1));
        if (i % 4 != 0) {
            return false;
        }
        String deleter = rkey.substring(0, k) + "k" + (i + 3);
        return store.records().getRecord(did, Nsid.parse(CrashWriter.POST), RecordKey.parse(deleter)).isPresent();
    }

    static StoreDb rawDb(RepoStore store) {
        return field(store, "db", StoreDb.class);
    }

    static StoreReader rawReader(RepoStore store) {
        return field(store, "reader", StoreReader.class);
    }

    private static <T> T field(RepoStore store, String name, Class<T> type) {
        try {
            var f = RepoStore.class.getDeclaredField(name);
            f.setAccessible(true);
            return type.cast(f.get(store));
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
