package dev.pds.core.plc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads operations from the JSON the directory takes and serves. As strict as the directory's
 * schemas: exactly the fields of one operation type, each of the right JSON type, no others.
 */
public final class PlcJson {
    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();
    /** Refuses huge bodies before parsing; real operations are a few hundred bytes. */
    public static final int MAX_JSON_BYTES = 64 * 1024;

    private static final Set<String> OPERATION_FIELDS =
            Set.of("type", "rotationKeys", "verificationMethods", "alsoKnownAs", "services", "prev", "sig");
    private static final Set<String> TOMBSTONE_FIELDS = Set.of("type", "prev", "sig");
    private static final Set<String> LEGACY_FIELDS =
            Set.of("type", "signingKey", "recoveryKey", "handle", "service", "prev", "sig");

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build());
    }

    private PlcJson() {
    }

    /** Parses JSON text; see {@link #readOp(JsonNode, boolean)}. */
    public static PlcOp readOp(String json, boolean requireSig) {
        return readOp(parse(json), requireSig);
    }

    /** Parses JSON text into a tree, refusing oversized or malformed input with {@link PlcException}. */
    public static JsonNode parse(String json) {
        if (json.length() > MAX_JSON_BYTES) {
            throw PlcException.invalid("operation JSON is over " + MAX_JSON_BYTES + " bytes");
        }
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw PlcException.invalid("not valid JSON: " + e.getOriginalMessage());
        }
    }

    /**
     * An operation of any of the three types. With {@code requireSig} the {@code sig} string
     * must be present; without it, it may be absent (an unsigned op) but never another type.
     */
    public static PlcOp readOp(JsonNode node, boolean requireSig) {
        if (node == null || !node.isObject()) {
            throw PlcException.invalid("an operation is a JSON object");
        }
        String type = text(node, "type");
        Set<String> allowed = switch (type) {
            case PlcOperation.TYPE -> OPERATION_FIELDS;
            case PlcTombstone.TYPE -> TOMBSTONE_FIELDS;
            case PlcLegacyCreate.TYPE -> LEGACY_FIELDS;
            default -> throw PlcException.invalid("unknown operation type: " + type);
        };
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw PlcException.invalid("unexpected field in " + type + " operation: " + name);
            }
        }
        String sig = node.has("sig") || requireSig ? text(node, "sig") : null;
        switch (type) {
            case PlcOperation.TYPE -> {
                return new PlcOperation(stringList(node, "rotationKeys"), stringMap(node, "verificationMethods"),
                        stringList(node, "alsoKnownAs"), services(node), nullableText(node, "prev"), sig);
            }
            case PlcTombstone.TYPE -> {
                return new PlcTombstone(text(node, "prev"), sig);
            }
            default -> {
                if (!node.has("prev") || !node.get("prev").isNull()) {
                    throw PlcException.invalid("a create operation has prev: null");
                }
                return new PlcLegacyCreate(text(node, "signingKey"), text(node, "recoveryKey"), text(node, "handle"),
                        text(node, "service"), sig);
            }
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw PlcException.invalid("field " + field + " must be a string");
        }
        return v.textValue();
    }

    private static String nullableText(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null) {
            throw PlcException.invalid("field " + field + " must be present (null for a genesis operation)");
        }
        return v.isNull() ? null : text(node, field);
    }

    static List<String> stringList(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isArray()) {
            throw PlcException.invalid("field " + field + " must be an array of strings");
        }
        List<String> out = new ArrayList<>(v.size());
        for (JsonNode item : v) {
            if (!item.isTextual()) {
                throw PlcException.invalid("field " + field + " must be an array of strings");
            }
            out.add(item.textValue());
        }
        return out;
    }

    static Map<String, String> stringMap(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isObject()) {
            throw PlcException.invalid("field " + field + " must be an object of strings");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw PlcException.invalid("field " + field + " must be an object of strings");
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return out;
    }

    static Map<String, PlcService> services(JsonNode node) {
        JsonNode v = node.get("services");
        if (v == null || !v.isObject()) {
            throw PlcException.invalid("field services must be an object");
        }
        Map<String, PlcService> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode s = e.getValue();
            if (!s.isObject() || s.size() != 2) {
                throw PlcException.invalid("service " + e.getKey() + " must be {type, endpoint}");
            }
            out.put(e.getKey(), new PlcService(text(s, "type"), text(s, "endpoint")));
        }
        return out;
    }
}
