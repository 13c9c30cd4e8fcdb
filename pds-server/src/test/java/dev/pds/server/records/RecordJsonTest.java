package dev.pds.server.records;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pds.core.data.Cid;
import dev.pds.core.data.DagCbor;
import dev.pds.core.data.DataBool;
import dev.pds.core.data.DataBytes;
import dev.pds.core.data.DataInt;
import dev.pds.core.data.DataJson;
import dev.pds.core.data.DataLink;
import dev.pds.core.data.DataList;
import dev.pds.core.data.DataMap;
import dev.pds.core.data.DataModelException;
import dev.pds.core.data.DataNull;
import dev.pds.core.data.DataString;
import dev.pds.core.data.DataValue;
import dev.pds.core.store.StoredRecord;
import dev.pds.core.syntax.Did;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * listRecords and getRecord bodies, rendered by transcoding, against the same bodies written the
 * way they were before (Jackson's generator over decoded values): byte for byte the same.
 */
class RecordJsonTest {
    private static final Did DID = Did.parse("did:plc:ewvi7nxzyoun6zhxrhs64oiz");
    private static final JsonFactory JSON = new JsonFactory();

    private static StoredRecord stored(String collection, String rkey, DataValue value) {
        byte[] bytes = DagCbor.encode(value);
        return new StoredRecord(collection, rkey, Cid.ofDagCbor(bytes), bytes);
    }

    /** The body as the tree-based code wrote it. */
    private static byte[] treePage(List<StoredRecord> records, String cursor) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            if (cursor != null) {
                g.writeStringField("cursor", cursor);
            }
            g.writeArrayFieldStart("records");
            for (StoredRecord r : records) {
                treeRecord(g, r);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    private static void treeRecord(JsonGenerator g, StoredRecord r) throws IOException {
        g.writeStartObject();
        g.writeStringField("uri", "at://" + DID + "/" + r.collection() + "/" + r.rkey());
        g.writeStringField("cid", r.cid().toString());
        g.writeFieldName("value");
        DataJson.write(g, DagCbor.decode(r.bytes()));
        g.writeEndObject();
    }

    private static List<StoredRecord> sample() {
        DataMap blob = DataMap.builder().put("$type", new DataString("blob"))
                .put("ref", new DataLink(Cid.ofRaw(new byte[] {1, 2, 3})))
                .put("mimeType", new DataString("image/jpeg")).put("size", new DataInt(98765)).build();
        List<StoredRecord> out = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            DataMap.Builder post = DataMap.builder()
                    .put("$type", new DataString("app.bsky.feed.post"))
                    .put("text", new DataString("post " + i + " \"quoted\" \\ tab\t é 日本 🎉 \u0007"))
                    .put("createdAt", new DataString("2026-11-22T09:00:00.000Z"))
                    .put("langs", new DataList(List.of(new DataString("en"), new DataString("ja"))));
            if (i % 3 == 0) {
                post.put("embed", DataMap.builder().put("$type", new DataString("app.bsky.embed.images"))
                        .put("images", new DataList(List.of(DataMap.builder().put("alt", new DataString("alt " + i))
                                .put("image", blob).build()))).build());
            }
            if (i % 4 == 0) {
                post.put("raw", new DataBytes(new byte[] {(byte) i, 0, (byte) 0xff}));
                post.put("nested", new DataList(List.of(new DataList(List.of(new DataInt(-i), DataNull.INSTANCE,
                        DataBool.TRUE)), DataList.EMPTY, DataMap.EMPTY)));
            }
            out.add(stored("app.bsky.feed.post", String.format("3kabc%08d", i), post.build()));
        }
        out.add(stored("app.bsky.feed.like", "3klike0000001", DataMap.builder()
                .put("$type", new DataString("app.bsky.feed.like"))
                .put("subject", DataMap.builder().put("cid", new DataString(out.get(0).cid().toString()))
                        .put("uri", new DataString("at://" + DID + "/app.bsky.feed.post/3kabc00000000")).build())
                .put("createdAt", new DataString("2026-11-22T09:00:00.000Z")).build()));
        return out;
    }

    @Test
    void aPageIsByteForByteWhatTheTreeEncoderWrote() throws IOException {
        List<StoredRecord> records = sample();
        assertArrayEquals(treePage(records, "3kabc00000039"), RecordJson.page(DID, records, "3kabc00000039"));
        assertArrayEquals(treePage(records, null), RecordJson.page(DID, records, null));
        assertArrayEquals(treePage(List.of(), null), RecordJson.page(DID, List.of(), null));
        assertEquals("{\"records\":[]}", new String(RecordJson.page(DID, List.of(), null), StandardCharsets.UTF_8));
        JsonNode parsed = new ObjectMapper().readTree(RecordJson.page(DID, records, "c"));
        assertEquals(41, parsed.get("records").size());
        assertEquals("at://" + DID + "/app.bsky.feed.like/3klike0000001", parsed.get("records").get(40).get("uri").asText());
        assertEquals("blob", parsed.get("records").get(0).get("value").get("embed").get("images").get(0)
                .get("image").get("$type").asText());
    }

    @Test
    void aPageFromRenderedValuesIsTheSameTextBuiltToItsExactLength() throws IOException {
        List<StoredRecord> posts = sample().subList(0, 40);
        RenderedRecords rendered = new RenderedRecords(1 << 20);
        byte[][] values = new byte[posts.size()][];
        for (int i = 0; i < values.length; i++) {
            values[i] = rendered.render(posts.get(i).cid(), posts.get(i).bytes());
        }
        for (String cursor : new String[] {null, "3kabc00000039"}) {
            dev.pds.core.store.RecordRefPage refs = new dev.pds.core.store.RecordRefPage("app.bsky.feed.post",
                    posts.stream().map(StoredRecord::rkey).toList(), posts.stream().map(StoredRecord::cid).toList(), cursor);
            byte[] page = RecordJson.page(DID, refs, values);
            assertArrayEquals(treePage(posts, cursor), page);
            byte[] start = ("{\"uri\":\"at://" + DID + "/app.bsky.feed.post/").getBytes(StandardCharsets.UTF_8);
            assertEquals(page.length, RecordJson.pageLength(start, refs, values), "sized exactly, so never copied");
        }
        dev.pds.core.store.RecordRefPage none = new dev.pds.core.store.RecordRefPage("app.bsky.feed.post", List.of(),
                List.of(), null);
        assertEquals("{\"records\":[]}", new String(RecordJson.page(DID, none, new byte[0][]), StandardCharsets.UTF_8));
    }

    @Test
    void oneRecordIsByteForByteWhatTheTreeEncoderWrote() throws IOException {
        for (StoredRecord r : sample()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (JsonGenerator g = JSON.createGenerator(out)) {
                treeRecord(g, r);
            }
            assertArrayEquals(out.toByteArray(), RecordJson.record(DID, r));
        }
    }

    @Test
    void aStoredRecordThatIsNotDagCborFails() {
        StoredRecord bad = new StoredRecord("app.bsky.feed.post", "3kbad", Cid.ofDagCbor(new byte[] {(byte) 0xa1}),
                new byte[] {(byte) 0xa1});
        assertThrows(DataModelException.class, () -> RecordJson.page(DID, List.of(bad), null));
        assertThrows(DataModelException.class, () -> RecordJson.record(DID, bad));
    }
}
