package dev.pds.core.store;

import dev.pds.core.data.DataMap;
import dev.pds.core.repo.WriteOp;
import dev.pds.core.syntax.Did;
import dev.pds.crypto.Curve;
import dev.pds.crypto.Keypair;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The child process of {@link RepoCrashRecoveryTest}: writes signed commits through the real
 * repo layer ({@link RepoStore#applyWrites}: MST, DAG-CBOR, K-256) to a few repos from one
 * thread each, a few commits in flight per repo, and prints one line per acknowledged commit:
 * {@code ACK did index seq rev commit}. It never stops by itself; the test kills it.
 */
public final class RepoCrashWriter {
    static final String POST = "app.bsky.feed.post";
    static final String LIKE = "app.bsky.feed.like";
    /** A fixed account key, so the test can check every head's signature after the crash. */
    static final Keypair KEY = Keypair.fromPrivateKeyHex(Curve.K256,
            "9085d2bef69286a6cbb51623c8fa258629945cd55ca705cc4e66700396894e0c");

    private RepoCrashWriter() {
    }

    static Did did(int repo) {
        return Did.parse("did:plc:repocrash" + repo + "aaaaaaaaaaaaaa");
    }

    static String collection(long i) {
        return i % 3 == 0 ? LIKE : POST;
    }

    static String rkey(String tag, long i) {
        return tag + "k" + i;
    }

    /** Few distinct texts, so record blocks are shared between paths and counted. */
    static DataMap record(String collection, long n) {
        return DataMap.builder().put("$type", collection).put("text", "value " + n).put("createdAt", "2024-01-01T00:00:00Z")
                .build();
    }

    /**
     * The writes of commit {@code i} of a round: create key i; every fourth commit also updates
     * key i-2 and deletes key i-3. Key i is deleted only by commit i+3, and only when i % 4 == 0,
     * so the highest key of a round that is stored tells how far the round got.
     */
    static List<WriteOp> writes(String tag, long i) {
        List<WriteOp> w = new ArrayList<>(3);
        w.add(WriteOp.create(collection(i), rkey(tag, i), record(collection(i), i % 5)));
        if (i % 4 == 3) {
            w.add(WriteOp.update(collection(i - 2), rkey(tag, i - 2), record(collection(i - 2), (i + 3) % 5)));
            w.add(WriteOp.delete(collection(i - 3), rkey(tag, i - 3)));
        }
        return w;
    }

    static CommitEvents events(Did did) {
        return r -> List.of(ToyRepo.event(did.toString(), r.rev(), r.cid()));
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String tag = args[1];
        int repos = Integer.parseInt(args[2]);
        PrintStream out = new PrintStream(System.out, false, "UTF-8");
        RepoStore store = RepoStore.open(dir, StoreConfig.defaults());
        List<Thread> threads = new ArrayList<>();
        for (int r = 0; r < repos; r++) {
            Did did = did(r);
            threads.add(new Thread(() -> writeLoop(store, did, tag, out)));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
    }

    private static void writeLoop(RepoStore store, Did did, String tag, PrintStream out) {
        if (store.head(did).isEmpty()) {
            ack(out, did, -1, store.createRepo(did, KEY, events(did)).join());
        }
        List<CompletableFuture<AppliedCommit>> window = new ArrayList<>();
        for (long i = 0; ; i++) {
            window.add(store.applyWrites(did, writes(tag, i), null, KEY, events(did)));
            if (window.size() == 4) {
                ack(out, did, i - 3, window.remove(0).join());
            }
        }
    }

    private static void ack(PrintStream out, Did did, long index, AppliedCommit c) {
        synchronized (out) {
            out.println("ACK " + did + " " + index + " " + c.seq() + " " + c.result().rev() + " " + c.result().cid());
            out.flush();
        }
    }
}
