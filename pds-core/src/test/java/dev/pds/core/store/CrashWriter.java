package dev.pds.core.store;

import dev.pds.core.store.ToyRepo.Write;
import dev.pds.core.syntax.Did;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The child process of {@link CrashRecoveryTest}: opens the store, then writes commits to a few
 * repos from several threads as fast as it can, and prints one line per acknowledged commit:
 * {@code ACK did seq rev commit rkey}. It never stops by itself; the test kills it. With a
 * fourth argument {@code small}, its memtables are RocksDB's smallest, so that it flushes every
 * few commits and soon writes into reused WAL files.
 */
public final class CrashWriter {
    static final String POST = "app.bsky.feed.post";

    private CrashWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String tag = args[1];
        int repos = Integer.parseInt(args[2]);
        PrintStream out = new PrintStream(System.out, false, "UTF-8");
        StoreConfig config = StoreConfig.defaults();
        if (args.length > 3 && args[3].equals("small")) {
            config = config.withMemory(2L << 20, StoreConfig.MIN_MEMTABLE_BYTES, 4L << 20);
        }
        RepoStore store = RepoStore.open(dir, config);
        List<Thread> threads = new ArrayList<>();
        for (int r = 0; r < repos; r++) {
            Did did = Did.parse("did:plc:crash" + r + "aaaaaaaaaaaaaaaaaa");
            Thread t = new Thread(() -> writeLoop(store, did, tag, out));
            threads.add(t);
        }
        synchronized (out) {
            out.println("READY");
            out.flush();
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
    }

    private static void writeLoop(RepoStore store, Did did, String tag, PrintStream out) {
        String d = did.toString();
        if (store.head(did).isEmpty()) {
            ack(out, store.createRepo(did, ToyRepo.writes(d)).join(), "-");
        }
        // a few commits in flight per repo, so that the kill lands between sync and answer too
        List<CompletableFuture<CommitAck>> window = new ArrayList<>();
        List<String> rkeys = new ArrayList<>();
        for (long i = 0; ; i++) {
            String rkey = tag + "k" + i;
            // every value repeats, so record blocks are shared; every 4th commit also updates and deletes
            List<Write> writes = new ArrayList<>();
            writes.add(Write.put(POST, rkey, "value " + (i % 7)));
            if (i % 4 == 3) {
                writes.add(Write.put(POST, tag + "k" + (i - 2), "value " + ((i + 3) % 7)));
                writes.add(Write.delete(POST, tag + "k" + (i - 3)));
            }
            window.add(store.commit(did, null, ToyRepo.writes(d, writes)));
            rkeys.add(rkey);
            if (window.size() == 4) {
                ack(out, window.remove(0).join(), rkeys.remove(0));
            }
        }
    }

    private static void ack(PrintStream out, CommitAck ack, String rkey) {
        synchronized (out) {
            out.println("ACK " + ack.did() + " " + ack.seq() + " " + ack.rev() + " " + ack.commit() + " " + rkey);
            out.flush();
        }
    }
}
