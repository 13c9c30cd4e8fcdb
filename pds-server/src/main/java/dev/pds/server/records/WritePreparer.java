package dev.pds.server.records;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pds.core.data.DataJson;
import dev.pds.core.data.DataMap;
import dev.pds.core.data.DataModelException;
import dev.pds.core.data.DataValue;
import dev.pds.core.error.XrpcException;
import dev.pds.core.lexicon.LexiconCatalog;
import dev.pds.core.lexicon.LexiconValidator;
import dev.pds.core.lexicon.ValidateMode;
import dev.pds.core.lexicon.ValidationStatus;
import dev.pds.core.repo.WriteOp;
import dev.pds.core.syntax.Nsid;
import dev.pds.core.syntax.RecordKey;
import dev.pds.core.syntax.TidClock;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a record from a client's JSON into a checked write, with the reference PDS's rules and
 * messages: the record must be data-model JSON; a missing {@code $type} is set to the
 * collection, a different one is refused whatever {@code validate} says; a missing rkey is a
 * fresh TID; the record is validated against its lexicon as {@code validate} asks; legacy blob
 * references are refused. Every refusal is a 400 InvalidRequest whose message says what is
 * wrong and where.
 */
public final class WritePreparer {
    private final LexiconValidator validator;
    private final LexiconCatalog schemas;
    private final TidClock tids;

    public WritePreparer(LexiconCatalog schemas, TidClock tids) {
        this.schemas = Objects.requireNonNull(schemas, "schemas");
        this.validator = new LexiconValidator(schemas);
        this.tids = Objects.requireNonNull(tids, "tids");
    }

    /**
     * @param rkey  null for a new TID
     * @param where how messages name the record, e.g. {@code record} or {@code writes/3/value}
     */
    public PreparedWrite create(String collection, String rkey, JsonNode record, ValidateMode mode, String where) {
        String key = rkey != null ? rkey : tids.next().toString();
        DataMap value = prepareRecord(collection, key, record, where);
        Optional<ValidationStatus> status = validate(collection, key, value, mode, where);
        return new PreparedWrite(WriteOp.create(collection, key, value), status, BlobRefs.of(value));
    }

    public PreparedWrite update(String collection, String rkey, JsonNode record, ValidateMode mode, String where) {
        Objects.requireNonNull(rkey, "rkey");
        DataMap value = prepareRecord(collection, rkey, record, where);
        Optional<ValidationStatus> status = validate(collection, rkey, value, mode, where);
        return new PreparedWrite(WriteOp.update(collection, rkey, value), status, BlobRefs.of(value));
    }

    public PreparedWrite delete(String collection, String rkey) {
        checkPath(collection, rkey);
        return PreparedWrite.delete(collection, rkey);
    }

    private DataMap prepareRecord(String collection, String rkey, JsonNode json, String where) {
        checkPath(collection, rkey);
        if (json == null || !json.isObject()) {
            throw XrpcException.invalidRequest("Invalid " + where + ": a record must be a JSON object");
        }
        DataValue value;
        try {
            value = DataJson.fromJsonNode(json);
        } catch (DataModelException e) {
            throw XrpcException.invalidRequest("Invalid " + where + ": " + e.getMessage());
        }
        if (!(value instanceof DataMap map)) {
            // an object that reads as a $link or $bytes value is not a record
            throw XrpcException.invalidRequest("Invalid " + where + ": a record must be an object, not a link or bytes");
        }
        String type = map.getString("$type");
        if (type == null) {
            return map.toBuilder().put("$type", collection).build();
        }
        if (!type.equals(collection)) {
            throw XrpcException.invalidRequest("Invalid $type: expected " + collection + ", got " + type);
        }
        return map;
    }

    private Optional<ValidationStatus> validate(String collection, String rkey, DataMap value, ValidateMode mode,
                                                String where) {
        if (mode == ValidateMode.REQUIRE && schemas.record(collection).isEmpty()) {
            throw XrpcException.invalidRequest("Unknown lexicon type: " + collection);
        }
        try {
            return validator.validateRecord(collection, rkey, value, mode);
        } catch (XrpcException e) {
            // the core names the record "Record"; say where it was in the request instead
            String detail = e.getMessage().startsWith("Record/") ? where + e.getMessage().substring("Record".length())
                    : e.getMessage();
            throw XrpcException.invalidRequest("Invalid " + collection + " record: " + detail);
        }
    }

    private static void checkPath(String collection, String rkey) {
        if (!Nsid.isValid(collection)) {
            throw XrpcException.invalidRequest("Invalid collection: " + collection);
        }
        if (!RecordKey.isValid(rkey)) {
            throw XrpcException.invalidRequest("Invalid record key: " + rkey);
        }
    }
}
