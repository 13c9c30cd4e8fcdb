// Writes a repo export made by OUR code (real MST, Commit.sign, RepoExport) for the reference
// implementation to verify; see car-interop.mjs. Run by hand from the checkout:
//   mvn -B -q -pl pds-server -am package -DskipTests      (builds the shaded pds.jar)
//   OUT=/tmp/ours.car N=5000 jshell --class-path pds-server/target/pds.jar src/test/interop/export-ours.jsh
//   node src/test/interop/car-interop.mjs verify /tmp/ours.car did:plc:interopinteropinterop1 <did:key printed>
// It prints the DID, the did:key and the per-collection counts to compare with the verifier's.
import dev.pds.core.block.*;
import dev.pds.core.data.*;
import dev.pds.core.mst.*;
import dev.pds.core.repo.Commit;
import dev.pds.core.sync.RepoExport;
import dev.pds.core.syntax.Tid;
import dev.pds.crypto.*;
import java.nio.file.*;

String out = System.getenv().getOrDefault("OUT", "/tmp/ours.car");
int n = Integer.parseInt(System.getenv().getOrDefault("N", "5000"));
String did = "did:plc:interopinteropinterop1";
String[] collections = {"app.bsky.feed.post", "app.bsky.feed.like", "app.bsky.graph.follow", "app.bsky.feed.repost"};
Keypair key = Keypair.fromPrivateKeyHex(Curve.K256, "9085d2bef69286a6cbb51623c8fa258629945cd55ca705cc4e66700396894e0c");
BlockMap store = new BlockMap();
Mst mst = Mst.empty(store, new NodeCache(10000));
java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
for (int i = 0; i < n; i++) {
    String c = collections[i % collections.length];
    Block record = Block.ofDagCbor(DataMap.builder().put("$type", c).put("text", "record " + i).put("n", i)
            .put("createdAt", "2024-11-22T03:14:15.926Z").build());
    store.put(record);
    mst = mst.add(c + "/" + Tid.of(1_700_000_000_000_000L + i * 1000L, 5), record.cid());
    counts.merge(c, 1, Integer::sum);
}
Mst.Persisted p = mst.persist();
store.putAll(p.blocks());
Block commit = Commit.sign(did, p.tree().root(), Tid.of(1_800_000_000_000_000L, 0).toString(), key).toBlock();
store.put(commit);
try (var os = Files.newOutputStream(Path.of(out))) {
    RepoExport.write(store, commit.cid(), os);
}
System.out.println("{\"did\":\"" + did + "\",\"didKey\":\"" + key.didKey() + "\",\"data\":\"" + p.tree().root() + "\",\"records\":" + n + ",\"collections\":\"" + counts + "\"}");
/exit
