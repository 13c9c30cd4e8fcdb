package dev.pds.bench.records;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.pds.core.data.Cid;
import dev.pds.core.data.DagCbor;
import dev.pds.core.data.DagCborJson;
import dev.pds.core.data.DataJson;
import dev.pds.core.data.DataMap;
import dev.pds.core.data.DataString;
import dev.pds.core.store.StoredRecord;
import dev.pds.core.syntax.Did;
import dev.pds.server.records.RecordJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The JSON body of a listRecords page of 100 posts (a post with a link facet and a reply, its
 * text varied): rendered by transcoding the stored DAG-CBOR ({@code RecordJson.page}) against the
 * earlier way, Jackson's generator over decoded values ({@code tree*}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RecordJsonBench {
    private static final Did DID = Did.parse("did:plc:ewvi7nxzyoun6zhxrhs64oiz");
    private static final JsonFactory JSON = new JsonFactory();

    private static final String POST_JSON = "{"
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

    List<StoredRecord> page;

    @Setup
    public void setup() {
        DataMap post = DataJson.readObject(POST_JSON.getBytes(StandardCharsets.UTF_8));
        page = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            DataMap.Builder b = DataMap.builder();
            for (java.util.Map.Entry<String, dev.pds.core.data.DataValue> e : post.entries()) {
                b.put(e.getKey(), e.getValue());
            }
            b.put("text", new DataString("post number " + i + " \u00e9t\u00e9 \uD83C\uDF89: " + ((DataString) post.get("text")).value()));
            byte[] bytes = DagCbor.encode(b.build());
            page.add(new StoredRecord("app.bsky.feed.post", String.format("3l3qo%08d", i), Cid.ofDagCbor(bytes), bytes));
        }
    }

    @Benchmark
    public byte[] page() {
        return RecordJson.page(DID, page, "3l3qo00000099");
    }

    @Benchmark
    public byte[] treePage() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("cursor", "3l3qo00000099");
            g.writeArrayFieldStart("records");
            for (StoredRecord r : page) {
                g.writeStartObject();
                g.writeStringField("uri", "at://" + DID + "/" + r.collection() + "/" + r.rkey());
                g.writeStringField("cid", r.cid().toString());
                g.writeFieldName("value");
                DataJson.write(g, DagCbor.decode(r.bytes()));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    @Benchmark
    public int values() {
        int n = 0;
        for (StoredRecord r : page) {
            n += DagCborJson.toJson(r.bytes()).length;
        }
        return n;
    }

    @Benchmark
    public int treeValues() {
        int n = 0;
        for (StoredRecord r : page) {
            n += DataJson.writeBytes(DagCbor.decode(r.bytes())).length;
        }
        return n;
    }
}
