package dev.pds.core.lexicon;

import dev.pds.core.data.BlobRef;
import dev.pds.core.data.DataBool;
import dev.pds.core.data.DataBytes;
import dev.pds.core.data.DataInt;
import dev.pds.core.data.DataLink;
import dev.pds.core.data.DataList;
import dev.pds.core.data.DataMap;
import dev.pds.core.data.DataModelException;
import dev.pds.core.data.DataNull;
import dev.pds.core.data.DataString;
import dev.pds.core.data.DataValue;
import dev.pds.core.error.XrpcException;
import dev.pds.core.lexicon.LexType.LexArray;
import dev.pds.core.lexicon.LexType.LexBlob;
import dev.pds.core.lexicon.LexType.LexBoolean;
import dev.pds.core.lexicon.LexType.LexBytes;
import dev.pds.core.lexicon.LexType.LexCidLink;
import dev.pds.core.lexicon.LexType.LexInteger;
import dev.pds.core.lexicon.LexType.LexObject;
import dev.pds.core.lexicon.LexType.LexRecord;
import dev.pds.core.lexicon.LexType.LexRef;
import dev.pds.core.lexicon.LexType.LexString;
import dev.pds.core.lexicon.LexType.LexToken;
import dev.pds.core.lexicon.LexType.LexUnion;
import dev.pds.core.lexicon.LexType.LexUnknown;
import dev.pds.core.syntax.Nsid;
import dev.pds.core.syntax.RecordKey;
import dev.pds.core.syntax.Tid;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks data-model values against the lexicons of a {@link LexiconCatalog}: records (errors
 * are 400 InvalidRecord) and method inputs (400 InvalidRequest). Messages name the path of the
 * offending value, e.g. {@code Record/embed/images/0/alt must be a string}. Values are not
 * changed: defaults are not filled in.
 */
public final class LexiconValidator {
    private final LexiconCatalog catalog;

    public LexiconValidator(LexiconCatalog catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    public LexiconCatalog catalog() {
        return catalog;
    }

    /**
     * Validates a record about to be written at {@code collection/rkey}.
     *
     * @return the status to answer, empty for {@link ValidateMode#SKIP}
     * @throws XrpcException 400 InvalidRecord when the record fails, or when the mode is REQUIRE and the lexicon is unknown
     */
    public Optional<ValidationStatus> validateRecord(String collection, String rkey, DataValue record, ValidateMode mode) {
        if (mode == ValidateMode.SKIP) {
            return Optional.empty();
        }
        if (!(record instanceof DataMap map)) {
            throw new Failure("Record must be an object").as("InvalidRecord");
        }
        String type = map.getString("$type");
        if (type == null || !type.equals(collection)) {
            throw new Failure("Record/$type must be " + collection).as("InvalidRecord");
        }
        Optional<LexRecord> schema = catalog.record(collection);
        if (schema.isEmpty()) {
            if (mode == ValidateMode.REQUIRE) {
                throw XrpcException.badRequest("InvalidRecord", "Lexicon not found: " + collection);
            }
            return Optional.of(ValidationStatus.UNKNOWN);
        }
        checkKey(schema.get().key(), rkey);
        try {
            object(collection, schema.get().record(), map, "Record");
        } catch (Failure f) {
            throw f.as("InvalidRecord");
        }
        return Optional.of(ValidationStatus.VALID);
    }

    /** Validates data against a def ({@code nsid} or {@code nsid#name}); 400 InvalidRequest naming {@code path}. */
    public void validate(String ref, DataValue value, String path) {
        LexType def = catalog.def(ref).orElseThrow(() -> new LexiconException("no lexicon def " + ref));
        try {
            value(def, value, path);
        } catch (Failure f) {
            throw f.as("InvalidRequest");
        }
    }

    /**
     * Validates a method's JSON input against the schema its lexicon declares (nothing to check
     * when it declares none); 400 InvalidRequest with paths under {@code Input}.
     *
     * @throws LexiconException when no lexicon defines the method
     */
    public void validateInput(String methodNsid, DataValue input) {
        LexType.LexMethod method = catalog.method(methodNsid)
                .orElseThrow(() -> new LexiconException("no lexicon defines the method " + methodNsid));
        Optional<LexType> schema = method.input().flatMap(LexType.LexBody::schema);
        if (schema.isPresent()) {
            try {
                value(schema.get(), input, "Input");
            } catch (Failure f) {
                throw f.as("InvalidRequest");
            }
        }
    }

    private static void checkKey(String keyType, String rkey) {
        boolean ok;
        if (keyType.startsWith("literal:")) {
            ok = keyType.substring("literal:".length()).equals(rkey);
        } else if (keyType.equals("tid")) {
            ok = Tid.isValid(rkey);
        } else if (keyType.equals("nsid")) {
            ok = Nsid.isValid(rkey);
        } else {
            ok = RecordKey.isValid(rkey);
        }
        if (!ok) {
            throw XrpcException.badRequest("InvalidRecord", "Record key " + rkey + " does not match the lexicon's key type " + keyType);
        }
    }

    private void value(LexType def, DataValue value, String path) {
        if (def instanceof LexObject object) {
            if (!(value instanceof DataMap map) || BlobRef.isTypedBlob(map)) {
                throw new Failure(path + " must be an object");
            }
            object(null, object, map, path);
        } else if (def instanceof LexString string) {
            string(string, value, path);
        } else if (def instanceof LexInteger integer) {
            integer(integer, value, path);
        } else if (def instanceof LexBoolean bool) {
            if (!(value instanceof DataBool b)) {
                throw new Failure(path + " must be a boolean");
            }
            if (bool.constValue().isPresent() && bool.constValue().get() != b.value()) {
                throw new Failure(path + " must be " + bool.constValue().get());
            }
        } else if (def instanceof LexArray array) {
            array(array, value, path);
        } else if (def instanceof LexRef ref) {
            value(resolve(ref.ref()), value, path);
        } else if (def instanceof LexUnion union) {
            union(union, value, path);
        } else if (def instanceof LexUnknown) {
            if (!(value instanceof DataMap) || BlobRef.isTypedBlob(value)) {
                throw new Failure(path + " must be an object");
            }
        } else if (def instanceof LexBytes bytes) {
            if (!(value instanceof DataBytes b)) {
                throw new Failure(path + " must be a byte array");
            }
            if (bytes.minLength() >= 0 && b.length() < bytes.minLength()) {
                throw new Failure(path + " must not be smaller than " + bytes.minLength() + " bytes");
            }
            if (bytes.maxLength() >= 0 && b.length() > bytes.maxLength()) {
                throw new Failure(path + " must not be larger than " + bytes.maxLength() + " bytes");
            }
        } else if (def instanceof LexCidLink) {
            if (!(value instanceof DataLink)) {
                throw new Failure(path + " must be a CID link");
            }
        } else if (def instanceof LexBlob blob) {
            blob(blob, value, path);
        } else if (def instanceof LexToken token) {
            if (!(value instanceof DataString s) || !s.value().equals(token.fullName())) {
                throw new Failure(path + " must be " + token.fullName());
            }
        } else {
            throw new LexiconException(path + ": a " + def.getClass().getSimpleName() + " cannot describe data");
        }
    }

    private void object(String recordType, LexObject schema, DataMap map, String path) {
        for (String name : schema.required()) {
            if (!map.containsKey(name)) {
                throw new Failure(path + " must have the property \"" + name + "\"");
            }
        }
        for (Map.Entry<String, LexType> property : schema.properties().entrySet()) {
            DataValue present = map.get(property.getKey());
            if (present == null) {
                continue;
            }
            if (present == DataNull.INSTANCE) {
                if (schema.nullable().contains(property.getKey())) {
                    continue;
                }
            }
            value(property.getValue(), present, path + "/" + property.getKey());
        }
    }

    private static void string(LexString schema, DataValue value, String path) {
        if (!(value instanceof DataString s)) {
            throw new Failure(path + " must be a string");
        }
        String text = s.value();
        if (schema.minLength() >= 0 || schema.maxLength() >= 0) {
            int bytes = text.getBytes(StandardCharsets.UTF_8).length;
            if (schema.minLength() >= 0 && bytes < schema.minLength()) {
                throw new Failure(path + " must not be shorter than " + schema.minLength() + " characters");
            }
            if (schema.maxLength() >= 0 && bytes > schema.maxLength()) {
                throw new Failure(path + " must not be longer than " + schema.maxLength() + " characters");
            }
        }
        if (schema.minGraphemes() >= 0 || schema.maxGraphemes() >= 0) {
            int graphemes = Graphemes.count(text);
            if (schema.minGraphemes() >= 0 && graphemes < schema.minGraphemes()) {
                throw new Failure(path + " must not be shorter than " + schema.minGraphemes() + " graphemes");
            }
            if (schema.maxGraphemes() >= 0 && graphemes > schema.maxGraphemes()) {
                throw new Failure(path + " must not be longer than " + schema.maxGraphemes() + " graphemes");
            }
        }
        if (schema.format().isPresent() && !schema.format().get().accepts(text)) {
            throw new Failure(path + " must be a valid " + schema.format().get().lexiconName());
        }
        if (schema.constValue().isPresent() && !schema.constValue().get().equals(text)) {
            throw new Failure(path + " must be " + schema.constValue().get());
        }
        if (!schema.enumValues().isEmpty() && !schema.enumValues().contains(text)) {
            throw new Failure(path + " must be one of " + schema.enumValues());
        }
    }

    private static void integer(LexInteger schema, DataValue value, String path) {
        if (!(value instanceof DataInt i)) {
            throw new Failure(path + " must be an integer");
        }
        long n = i.value();
        if (schema.minimum().isPresent() && n < schema.minimum().getAsLong()) {
            throw new Failure(path + " can not be less than " + schema.minimum().getAsLong());
        }
        if (schema.maximum().isPresent() && n > schema.maximum().getAsLong()) {
            throw new Failure(path + " can not be greater than " + schema.maximum().getAsLong());
        }
        if (schema.constValue().isPresent() && n != schema.constValue().getAsLong()) {
            throw new Failure(path + " must be " + schema.constValue().getAsLong());
        }
        if (!schema.enumValues().isEmpty() && !schema.enumValues().contains(n)) {
            throw new Failure(path + " must be one of " + schema.enumValues());
        }
    }

    private void array(LexArray schema, DataValue value, String path) {
        if (!(value instanceof DataList list)) {
            throw new Failure(path + " must be an array");
        }
        if (schema.minLength() >= 0 && list.size() < schema.minLength()) {
            throw new Failure(path + " must not have fewer than " + schema.minLength() + " elements");
        }
        if (schema.maxLength() >= 0 && list.size() > schema.maxLength()) {
            throw new Failure(path + " must not have more than " + schema.maxLength() + " elements");
        }
        for (int i = 0; i < list.size(); i++) {
            value(schema.items(), list.get(i), path + "/" + i);
        }
    }

    private void union(LexUnion schema, DataValue value, String path) {
        if (!(value instanceof DataMap map) || !(map.get("$type") instanceof DataString type) || BlobRef.isTypedBlob(map)) {
            throw new Failure(path + " must be an object which includes the \"$type\" property");
        }
        String name = LexiconCatalog.normalize(type.value());
        if (schema.refs().contains(name)) {
            value(resolve(name), map, path);
        } else if (schema.closed()) {
            throw new Failure(path + " $type must be one of " + schema.refs());
        }
        // an open union accepts types it does not list: newer clients may send them
    }

    private static void blob(LexBlob schema, DataValue value, String path) {
        BlobRef blob;
        try {
            blob = BlobRef.from(value);
        } catch (RuntimeException e) { // DataModelException or a bad CID
            throw new Failure(path + " should be a blob ref");
        }
        if (schema.maxSize() >= 0 && blob.size() > schema.maxSize()) {
            throw new Failure(path + " cannot be larger than " + schema.maxSize() + " bytes");
        }
        if (!schema.accept().isEmpty() && schema.accept().stream().noneMatch(p -> mimeMatches(p, blob.mimeType()))) {
            throw new Failure(path + " mime type " + blob.mimeType() + " is not accepted (" + schema.accept() + ")");
        }
    }

    static boolean mimeMatches(String pattern, String mime) {
        if (pattern.equals("*/*")) {
            return true;
        }
        if (pattern.endsWith("/*")) {
            return mime.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return pattern.equals(mime);
    }

    private LexType resolve(String ref) {
        // the catalog checked every ref at load time
        return catalog.def(ref).orElseThrow(() -> new LexiconException("unresolved lexicon ref " + ref));
    }

    /** A validation failure before it knows which XRPC error name it answers with. */
    private static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message, null, false, false);
        }

        XrpcException as(String error) {
            return XrpcException.badRequest(error, getMessage());
        }
    }
}
