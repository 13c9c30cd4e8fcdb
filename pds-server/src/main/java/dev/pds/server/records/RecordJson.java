package dev.pds.server.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.data.DagCbor;
import dev.pds.core.data.DagCborJson;
import dev.pds.core.data.JsonText;
import dev.pds.core.data.DataJson;
import dev.pds.core.repo.CommitResult;
import dev.pds.core.store.RecordRefPage;
import dev.pds.core.store.StoredRecord;
import dev.pds.core.syntax.Did;
import dev.pds.server.xrpc.XrpcJson;
import java.util.List;

/**
 * The JSON the record methods answer with. Stored records are DAG-CBOR; they go out in the
 * data model's JSON form ({@code $link}, {@code $bytes}, blob objects), transcoded straight
 * from the stored bytes ({@link DagCborJson}) without decoding them into values first.
 */
public final class RecordJson {
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
        JsonText out = new JsonText(record.bytes().length * 2 + 256);
        writeRecord(out, recordStart(did, record.collection()), record);
        return out.toByteArray();
    }

    /** {@code {cursor?, records: [{uri, cid, value}...]}} of listRecords. */
    public static byte[] page(Did did, List<StoredRecord> records, String cursor) {
        long size = 64;
        for (StoredRecord r : records) {
            size += r.bytes().length * 2L + 200;
        }
        JsonText out = new JsonText((int) Math.min(size, 1 << 24));
        out.raw('{');
        if (cursor != null) {
            out.raw("\"cursor\":").string(cursor).raw(',');
        }
        out.raw("\"records\":[");
        String collection = null;
        byte[] start = null;
        for (int i = 0; i < records.size(); i++) {
            StoredRecord r = records.get(i);
            if (!r.collection().equals(collection)) {
                collection = r.collection();
                start = recordStart(did, collection);
            }
            if (i > 0) {
                out.raw(',');
            }
            writeRecord(out, start, r);
        }
        out.raw("]}");
        return out.toByteArray();
    }

    /**
     * {@code {cursor?, records: [...]}} of listRecords from the record index and each record's
     * value already rendered as JSON ({@link RenderedRecords}).
     */
    public static byte[] page(Did did, RecordRefPage refs, byte[][] valuesJson) {
        byte[] start = recordStart(did, refs.collection());
        JsonText out = new JsonText((int) Math.min(pageLength(start, refs, valuesJson), 1 << 24));
        out.raw('{');
        if (refs.cursor() != null) {
            out.raw("\"cursor\":").string(refs.cursor()).raw(',');
        }
        out.raw("\"records\":[");
        for (int i = 0; i < refs.size(); i++) {
            if (i > 0) {
                out.raw(',');
            }
            out.raw(start).stringBody(refs.rkeys().get(i)).raw('"');
            out.raw(",\"cid\":").cid(refs.cids().get(i));
            out.raw(",\"value\":").raw(valuesJson[i]).raw('}');
        }
        out.raw("]}");
        return out.toOwnedArray();
    }

    /**
     * The length of {@link #page(Did, RecordRefPage, byte[][])}'s text, so that it is built in
     * one array and handed over without a copy (record keys and cursors need no escapes; were one
     * to, the text would grow and be copied once, still right).
     */
    static long pageLength(byte[] start, RecordRefPage refs, byte[][] valuesJson) {
        long size = "{\"records\":[]}".length()
                + (refs.cursor() == null ? 0 : "\"cursor\":\"\",".length() + refs.cursor().length());
        for (int i = 0; i < valuesJson.length; i++) {
            int cidText = 3 + (refs.cids().get(i).byteLength() * 8 + 4) / 5;
            size += (i > 0 ? 1 : 0) + start.length + refs.rkeys().get(i).length() + "\",\"cid\":".length() + cidText
                    + ",\"value\":".length() + valuesJson[i].length + 1;
        }
        return size;
    }

    /** A record's value as a JSON tree. */
    public static JsonNode value(byte[] dagCbor) {
        return DataJson.toJsonNode(DagCbor.decode(dagCbor));
    }

    /** What every record of one collection starts with: {@code {"uri":"at://<did>/<collection>/}, escaped. */
    private static byte[] recordStart(Did did, String collection) {
        return new JsonText(96).raw("{\"uri\":\"").stringBody("at://" + did + "/" + collection + "/").toByteArray();
    }

    /** {@code {"uri":..,"cid":..,"value":..}}, the value rendered straight from its DAG-CBOR. */
    private static void writeRecord(JsonText out, byte[] recordStart, StoredRecord r) {
        out.raw(recordStart).stringBody(r.rkey()).raw('"');
        out.raw(",\"cid\":").cid(r.cid());
        out.raw(",\"value\":");
        DagCborJson.write(r.bytes(), out);
        out.raw('}');
    }
}
