package dev.pds.bench.data;

import dev.pds.core.data.Cid;
import dev.pds.core.data.DagCbor;
import dev.pds.core.data.DataJson;
import dev.pds.core.data.DataMap;
import dev.pds.core.data.DataValue;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * DAG-CBOR and JSON work done on every write: a typical post record (text, createdAt, langs, a
 * link facet, a reply with two strong refs) and the CID of a 300-byte block.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DataModelBench {
    static final String POST_JSON = "{"
            + "\"$type\":\"app.bsky.feed.post\","
            + "\"text\":\"Reading the repository spec again tonight. The MST chapter is worth it: https://atproto.com/specs/repository\","
            + "\"createdAt\":\"2026-11-22T03:30:00.000Z\","
            + "\"langs\":[\"en\"],"
            + "\"facets\":[{\"index\":{\"byteStart\":72,\"byteEnd\":108},"
            + "\"features\":[{\"$type\":\"app.bsky.richtext.facet#link\",\"uri\":\"https://atproto.com/specs/repository\"}]}],"
            + "\"reply\":{"
            + "\"root\":{\"uri\":\"at://did:plc:ewvi7nxzyoun6zhxrhs64oiz/app.bsky.feed.post/3l3qo2vuowo2b\","
            + "\"cid\":\"bafyreidfayvfuwqa7qlnopdjiqrxzs6blmoeu4rujcjtnci5beludirz2a\"},"
            + "\"parent\":{\"uri\":\"at://did:plc:ewvi7nxzyoun6zhxrhs64oiz/app.bsky.feed.post/3l3qo4kbxk52c\","
            + "\"cid\":\"bafyreihldkhcwijkde7gx4rpkkuw7pl6lbyu5gieunyc7ihactn5bkd2nm\"}}"
            + "}";

    byte[] postJson;
    DataMap post;
    byte[] postCbor;
    byte[] block300;
    byte[] postCid;

    @Setup
    public void setup() {
        postJson = POST_JSON.getBytes(StandardCharsets.UTF_8);
        post = DataJson.readObject(postJson);
        postCbor = DagCbor.encode(post);
        block300 = new byte[300];
        new Random(42).nextBytes(block300);
        postCid = Cid.ofDagCbor(postCbor).toBytes();
    }

    @Benchmark
    public byte[] encodePost() {
        return DagCbor.encode(post);
    }

    @Benchmark
    public DataValue decodePost() {
        return DagCbor.decode(postCbor);
    }

    @Benchmark
    public byte[] jsonToCborPost() {
        return DagCbor.encode(DataJson.readObject(postJson));
    }

    @Benchmark
    public byte[] cborToJsonPost() {
        return DataJson.writeBytes(DagCbor.decode(postCbor));
    }

    @Benchmark
    public Cid cidOf300ByteBlock() {
        return Cid.ofDagCbor(block300);
    }

    @Benchmark
    public String cidFromBytesToString() {
        // a fresh Cid each time, so the cached string form is not what is measured
        return Cid.fromBytes(postCid).toString();
    }
}
