package dev.pds.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.core.block.Block;
import dev.pds.core.block.BlockMap;
import dev.pds.core.data.Cid;
import dev.pds.core.data.DagCbor;
import dev.pds.core.data.DataBytes;
import dev.pds.core.data.DataMap;
import dev.pds.core.mst.Mst;
import dev.pds.core.mst.NodeCache;
import dev.pds.core.sync.RepoExport;
import dev.pds.core.syntax.Tid;
import dev.pds.crypto.Curve;
import dev.pds.crypto.Keypair;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code pds car verify} on CAR files built here with the real MST, export and a K-256 key. */
class CarCommandTest {
    private static final Keypair KEY = Keypair.fromPrivateKeyHex(Curve.K256, "9085d2bef69286a6cbb51623c8fa258629945cd55ca705cc4e66700396894e0c");
    private static final Keypair OTHER = Keypair.fromPrivateKeyHex(Curve.K256, "0d3a9d8f00000000000000000000000000000000000000000000000000000123");
    private static final String DID = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";

    @TempDir
    Path dir;
    private Path car;

    @BeforeEach
    void writeExport() throws IOException {
        BlockMap store = new BlockMap();
        Mst mst = Mst.empty(store, new NodeCache(100));
        for (int i = 0; i < 250; i++) {
            String collection = i % 5 == 0 ? "app.bsky.actor.profile" : "app.bsky.feed.post";
            Block record = Block.ofDagCbor(DataMap.builder().put("$type", collection).put("text", "post " + i).build());
            store.put(record);
            mst = mst.add(collection + "/" + Tid.of(1_700_000_000_000_000L + i, 1), record.cid());
        }
        Mst.Persisted p = mst.persist();
        store.putAll(p.blocks());
        DataMap.Builder unsigned = DataMap.builder().put("did", DID).put("version", 3).put("data", p.tree().root())
                .put("rev", "3kznmn7xqxl22").putNull("prev");
        byte[] sig = KEY.sign(DagCbor.encode(unsigned.build()));
        Cid commit = store.putDagCbor(unsigned.put("sig", new DataBytes(sig)).build());
        car = dir.resolve("repo.car");
        try (OutputStream out = Files.newOutputStream(car)) {
            RepoExport.write(store, commit, out);
        }
    }

    @Test
    void printsTheSummaryOfAValidExport() {
        Result r = run("car", "verify", car.toString(), "--did", DID, "--key", KEY.didKey());
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("did:       " + DID), r.out);
        assertTrue(r.out.contains("rev:       3kznmn7xqxl22"), r.out);
        assertTrue(r.out.contains("records:   250"), r.out);
        assertTrue(r.out.contains("  app.bsky.actor.profile 50\n"), r.out);
        assertTrue(r.out.contains("  app.bsky.feed.post 200\n"), r.out);
        assertTrue(r.out.contains("verified against " + KEY.didKey()), r.out);
        assertEquals("", r.err);
        assertEquals(0, run("car", "verify", car.toString()).code);
    }

    @Test
    void wrongKeyOrDidFailsWithOneLine() {
        Result key = run("car", "verify", car.toString(), "--key", OTHER.didKey());
        assertEquals(1, key.code);
        assertOneLine(key.err, "signature does not verify");
        Result did = run("car", "verify", car.toString(), "--did", "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa");
        assertEquals(1, did.code);
        assertOneLine(did.err, "not the expected");
    }

    @Test
    void damagedFilesFailWithOneLine() throws IOException {
        byte[] bytes = Files.readAllBytes(car);
        byte[] flipped = bytes.clone();
        flipped[bytes.length / 2] ^= 0x40;
        Path bad = dir.resolve("flipped.car");
        Files.write(bad, flipped);
        Result r = run("car", "verify", bad.toString());
        assertEquals(1, r.code);
        assertOneLine(r.err, "invalid CAR");

        Path cut = dir.resolve("cut.car");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 10));
        Result t = run("car", "verify", cut.toString());
        assertEquals(1, t.code);
        assertOneLine(t.err, "ends after");

        Result missing = run("car", "verify", dir.resolve("nope.car").toString());
        assertEquals(1, missing.code);
        assertOneLine(missing.err, "no such file");
    }

    @Test
    void badArguments() {
        assertEquals(2, run("car", "verify", car.toString(), "--key", "did:key:zNope").code);
        assertEquals(2, run("car", "verify", car.toString(), "--did", "nope").code);
        assertEquals(2, run("car", "verify").code);
        assertEquals(2, run("car").code);
    }

    private static void assertOneLine(String err, String mention) {
        assertTrue(err.endsWith("\n") && err.indexOf('\n') == err.length() - 1, "one line: " + err);
        assertTrue(err.contains(mention), err);
    }

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new PdsCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
