package dev.pds.bench.car;

import dev.pds.core.block.Block;
import dev.pds.core.block.BlockMap;
import dev.pds.core.car.CarLimits;
import dev.pds.core.car.CarReader;
import dev.pds.core.car.CarWriter;
import dev.pds.core.data.Cid;
import dev.pds.core.data.DataList;
import dev.pds.core.data.DataMap;
import dev.pds.core.data.DataString;
import dev.pds.core.mst.Mst;
import dev.pds.core.mst.NodeCache;
import dev.pds.core.repo.Commit;
import dev.pds.core.sync.RepoExport;
import dev.pds.core.sync.RepoVerifier;
import dev.pds.core.sync.VerifiedRepo;
import dev.pds.core.syntax.Tid;
import dev.pds.crypto.Curve;
import dev.pds.crypto.Keypair;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Full repository export to CAR and its verification, on a repo of {@code records} posts
 * (about 150 bytes of DAG-CBOR each) held in an in-memory block map, and raw CAR write and read
 * of the same blocks. One operation is one whole repo.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CarBench {
    private static final String DID = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";

    @Param({"20000", "100000"})
    public int records;

    private final BlockMap store = new BlockMap();
    private Cid commit;
    private byte[] car;
    private String didKey;

    @Setup
    public void build() throws IOException {
        Keypair key = Keypair.fromPrivateKeyHex(Curve.K256, "9085d2bef69286a6cbb51623c8fa258629945cd55ca705cc4e66700396894e0c");
        didKey = key.didKey();
        Mst mst = Mst.empty(store, new NodeCache(10_000));
        for (int i = 0; i < records; i++) {
            Block record = Block.ofDagCbor(DataMap.builder().put("$type", "app.bsky.feed.post")
                    .put("text", "benchmark post number " + i + ", with a little text to make it realistic")
                    .put("langs", new DataList(List.of(new DataString("en"))))
                    .put("createdAt", "2024-11-22T03:14:15.926Z").build());
            store.put(record);
            mst = mst.add("app.bsky.feed.post/" + Tid.of(1_700_000_000_000_000L + i * 997L, 3), record.cid());
        }
        Mst.Persisted p = mst.persist();
        store.putAll(p.blocks());
        Block c = Commit.sign(DID, p.tree().root(), Tid.of(1_800_000_000_000_000L, 0).toString(), key).toBlock();
        store.put(c);
        commit = c.cid();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RepoExport.write(store, commit, out);
        car = out.toByteArray();
        System.out.printf("%n%d records: CAR of %d bytes, %d blocks%n", records, car.length, store.size());
    }

    /** Export through the MST walk to a stream that discards (the network's share is not ours). */
    @Benchmark
    public long exportRepo() throws IOException {
        return RepoExport.write(store, commit, OutputStream.nullOutputStream()).bytes();
    }

    /** Full verification: hashes, commit signature, MST structure, every record decoded. */
    @Benchmark
    public VerifiedRepo verifyRepo() {
        return RepoVerifier.verify(car, CarLimits.DEFAULT, new RepoVerifier.Expect(DID, didKey));
    }

    /** CAR writing alone: every block of the repo, to a discarding stream. */
    @Benchmark
    public long writeCar() throws IOException {
        try (CarWriter w = new CarWriter(OutputStream.nullOutputStream(), commit)) {
            w.writeAll(store);
            return w.bytesWritten();
        }
    }

    /** CAR reading alone: every block parsed and hash-checked, from the in-memory file. */
    @Benchmark
    public long readCar() {
        long n = 0;
        try (CarReader r = CarReader.of(car, CarLimits.DEFAULT)) {
            for (Block b = r.next(); b != null; b = r.next()) {
                n += b.size();
            }
        }
        return n;
    }
}
