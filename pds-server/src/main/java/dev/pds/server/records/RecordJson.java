package dev.pds.server.records;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.data.DagCbor;
import dev.pds.core.data.DataJson;
import dev.pds.core.repo.CommitResult;
import dev.pds.core.store.StoredRecord;
import dev.pds.core.syntax.Did;
import dev.pds.server.xrpc.XrpcJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The JSON the record methods answer with. Stored records are DAG-CBOR; they go out in the
 * data model's JSON form ({@code $link}, {@code $bytes}, blob objects), written straight from
 * the decoded value without an intermediate tree.
 */
public final class RecordJson {
    private static final JsonFactory JSON = new JsonFactory();

    private RecordJson() {
    }

    public static String uri(Did did, String collection, String rkey) {
        return "at://" + did + "/" + collection + "/" + rkey;
    }

    /** {@code {cid, rev}} of a commit, as {@code commit} in write answers. */
    public static ObjectNode commitMeta(CommitResult commit) {
        ObjectNode meta = XrpcJson.object();
        meta.put("cid", commit.cid().toString());
        meta.put("rev", commit.rev());
        return meta;
    }

    /** {@code {uri, cid, value}} of getRecord. */
    public static byte[] record(Did did, StoredRecord record) {
        return write(g -> writeRecord(g, did, record));
    }

    /** {@code {cursor?, records: [{uri, cid, value}...]}} of listRecords. */
    public static byte[] page(Did did, List<StoredRecord> records, String cursor) {
        return write(g -> {
            g.writeStartObject();
            if (cursor != null) {
                g.writeStringField("cursor", cursor);
            }
            g.writeArrayFieldStart("records");
            for (StoredRecord r : records) {
                writeRecord(g, did, r);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** A record's value as a JSON tree. */
    public static JsonNode value(byte[] dagCbor) {
        return DataJson.toJsonNode(DagCbor.decode(dagCbor));
    }

    private static void writeRecord(JsonGenerator g, Did did, StoredRecord r) throws IOException {
        g.writeStartObject();
        g.writeStringField("uri", uri(did, r.collection(), r.rkey()));
        g.writeStringField("cid", r.cid().toString());
        g.writeFieldName("value");
        DataJson.write(g, DagCbor.decode(r.bytes()));
        g.writeEndObject();
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] write(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
