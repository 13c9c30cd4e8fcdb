package dev.pds.core.plc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.data.Cid;
import dev.pds.core.data.DataJson;
import dev.pds.core.data.DataModelException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One accepted operation as the audit log ({@code /:did/log/audit}) lists it: the DID, the
 * operation, its CID, whether a later recovery nullified it, and when the directory took it.
 */
public record PlcLogEntry(String did, PlcOp operation, Cid cid, boolean nullified, Instant createdAt) {
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    public PlcLogEntry {
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(cid, "cid");
        // the directory keeps milliseconds (JavaScript dates)
        createdAt = Objects.requireNonNull(createdAt, "createdAt").truncatedTo(ChronoUnit.MILLIS);
    }

    /** A fresh entry for {@code op}, its CID computed. */
    public static PlcLogEntry accepted(String did, PlcOp op, Instant createdAt) {
        return new PlcLogEntry(did, op, op.cid(), false, createdAt);
    }

    public PlcLogEntry asNullified() {
        return new PlcLogEntry(did, operation, cid, true, createdAt);
    }

    /** {@code createdAt} as the directory writes it: ISO 8601, milliseconds, {@code Z}. */
    public String createdAtText() {
        return ISO_MILLIS.format(createdAt);
    }

    public ObjectNode toJson() {
        ObjectNode o = PlcJson.MAPPER.createObjectNode();
        o.put("did", did);
        o.set("operation", DataJson.toJsonNode(operation.data()));
        o.put("cid", cid.toString());
        o.put("nullified", nullified);
        o.put("createdAt", createdAtText());
        return o;
    }

    public static PlcLogEntry fromJson(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw PlcException.invalid("an audit log entry is a JSON object");
        }
        JsonNode nullified = node.get("nullified");
        if (nullified == null || !nullified.isBoolean()) {
            throw PlcException.invalid("field nullified must be a boolean");
        }
        Cid cid;
        Instant createdAt;
        try {
            cid = Cid.parse(PlcJson.text(node, "cid"));
            createdAt = Instant.parse(PlcJson.text(node, "createdAt"));
        } catch (DateTimeParseException | DataModelException e) {
            throw PlcException.invalid("bad cid or createdAt in audit log entry: " + e.getMessage());
        }
        return new PlcLogEntry(PlcJson.text(node, "did"), PlcJson.readOp(node.get("operation"), true), cid,
                nullified.booleanValue(), createdAt);
    }
}
