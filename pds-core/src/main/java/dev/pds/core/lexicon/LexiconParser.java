package dev.pds.core.lexicon;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pds.core.lexicon.LexType.LexArray;
import dev.pds.core.lexicon.LexType.LexBlob;
import dev.pds.core.lexicon.LexType.LexBody;
import dev.pds.core.lexicon.LexType.LexBoolean;
import dev.pds.core.lexicon.LexType.LexBytes;
import dev.pds.core.lexicon.LexType.LexCidLink;
import dev.pds.core.lexicon.LexType.LexInteger;
import dev.pds.core.lexicon.LexType.LexMethod;
import dev.pds.core.lexicon.LexType.LexObject;
import dev.pds.core.lexicon.LexType.LexParams;
import dev.pds.core.lexicon.LexType.LexPermissionSet;
import dev.pds.core.lexicon.LexType.LexRecord;
import dev.pds.core.lexicon.LexType.LexRef;
import dev.pds.core.lexicon.LexType.LexString;
import dev.pds.core.lexicon.LexType.LexToken;
import dev.pds.core.lexicon.LexType.LexUnion;
import dev.pds.core.lexicon.LexType.LexUnknown;
import dev.pds.core.lexicon.LexType.MethodKind;
import dev.pds.core.syntax.Nsid;
import dev.pds.core.syntax.RecordKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads one lexicon document (JSON) into a {@link LexiconDocument}. Checks the document's own
 * shape; refs to other documents are checked by {@link LexiconCatalog}.
 */
public final class LexiconParser {
    private static final Set<String> PRIMARY = Set.of("record", "query", "procedure", "subscription", "permission-set");

    private final String id;

    private LexiconParser(String id) {
        this.id = id;
    }

    /** @throws LexiconException naming the first problem */
    public static LexiconDocument parse(JsonNode document) {
        if (!document.isObject()) {
            throw new LexiconException("a lexicon document must be a JSON object");
        }
        JsonNode version = document.path("lexicon");
        if (!version.isIntegralNumber() || version.asInt() != 1) {
            throw new LexiconException("\"lexicon\" must be the number 1");
        }
        JsonNode idNode = document.path("id");
        if (!idNode.isTextual() || !Nsid.isValid(idNode.asText())) {
            throw new LexiconException("\"id\" must be an NSID");
        }
        String id = idNode.asText();
        JsonNode defs = document.path("defs");
        if (!defs.isObject()) {
            throw new LexiconException(id + ": \"defs\" must be an object");
        }
        LexiconParser parser = new LexiconParser(id);
        Map<String, LexType> parsed = new LinkedHashMap<>();
        defs.fields().forEachRemaining(e -> parsed.put(e.getKey(), parser.namedDef(e.getKey(), e.getValue())));
        return new LexiconDocument(Nsid.parse(id), parsed);
    }

    private LexType namedDef(String name, JsonNode def) {
        String where = id + "#" + name;
        if (name.isEmpty() || !name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-')) {
            throw new LexiconException(where + ": bad def name");
        }
        String type = def.path("type").asText("");
        if (PRIMARY.contains(type) && !name.equals("main")) {
            throw new LexiconException(where + ": a " + type + " must be the main def");
        }
        switch (type) {
            case "record":
                return record(where, def);
            case "query":
                return method(where, def, MethodKind.QUERY);
            case "procedure":
                return method(where, def, MethodKind.PROCEDURE);
            case "subscription":
                return method(where, def, MethodKind.SUBSCRIPTION);
            case "permission-set":
                return new LexPermissionSet(optionalText(def, "title"), def.path("permissions").size());
            case "token":
                return new LexToken(name.equals("main") ? id : where);
            case "ref":
            case "union":
            case "unknown":
                throw new LexiconException(where + ": a " + type + " cannot be a named def");
            default:
                return field(where, def);
        }
    }

    private LexRecord record(String where, JsonNode def) {
        String key = def.path("key").asText("");
        boolean literal = key.startsWith("literal:") && RecordKey.isValid(key.substring("literal:".length()));
        if (!literal && !key.equals("tid") && !key.equals("nsid") && !key.equals("any")) {
            throw new LexiconException(where + ": record key type must be tid, nsid, any or literal:<key>");
        }
        JsonNode schema = def.path("record");
        if (!"object".equals(schema.path("type").asText())) {
            throw new LexiconException(where + ": a record's \"record\" must be an object schema");
        }
        return new LexRecord(key, object(where, schema));
    }

    private LexMethod method(String where, JsonNode def, MethodKind kind) {
        Optional<LexParams> params = Optional.empty();
        if (def.has("parameters")) {
            params = Optional.of(params(where + "/parameters", def.get("parameters")));
        }
        List<String> errors = new ArrayList<>();
        for (JsonNode error : def.path("errors")) {
            if (!error.path("name").isTextual()) {
                throw new LexiconException(where + ": every error needs a name");
            }
            errors.add(error.get("name").asText());
        }
        return new LexMethod(kind, params, body(where + "/input", def.path("input")),
                body(where + "/output", def.path("output")), body(where + "/message", def.path("message")), errors);
    }

    private Optional<LexBody> body(String where, JsonNode body) {
        if (body.isMissingNode()) {
            return Optional.empty();
        }
        Optional<LexType> schema = Optional.empty();
        if (body.has("schema")) {
            JsonNode s = body.get("schema");
            String type = s.path("type").asText("");
            if (!type.equals("object") && !type.equals("ref") && !type.equals("union")) {
                throw new LexiconException(where + ": a body schema must be an object, ref or union");
            }
            schema = Optional.of(field(where + "/schema", s));
        }
        return Optional.of(new LexBody(optionalText(body, "encoding"), schema));
    }

    private LexParams params(String where, JsonNode def) {
        if (!"params".equals(def.path("type").asText())) {
            throw new LexiconException(where + ": parameters must have type params");
        }
        Map<String, LexType> properties = new LinkedHashMap<>();
        def.path("properties").fields().forEachRemaining(e -> {
            LexType type = field(where + "/" + e.getKey(), e.getValue());
            LexType item = type instanceof LexArray array ? array.items() : type;
            boolean scalar = item instanceof LexBoolean || item instanceof LexInteger || item instanceof LexString;
            if (!scalar && !(type instanceof LexUnknown)) {
                throw new LexiconException(where + "/" + e.getKey() + ": parameters are booleans, integers, strings or arrays of them");
            }
            properties.put(e.getKey(), type);
        });
        Set<String> required = names(where, def.path("required"), properties.keySet());
        return new LexParams(properties, required);
    }

    /** A schema used inside another (a property, array items, a body) or a plain named def. */
    LexType field(String where, JsonNode def) {
        if (!def.isObject()) {
            throw new LexiconException(where + ": a schema must be an object");
        }
        String type = def.path("type").asText("");
        switch (type) {
            case "boolean":
                return new LexBoolean(optionalBoolean(where, def, "default"), optionalBoolean(where, def, "const"));
            case "integer":
                return integer(where, def);
            case "string":
                return string(where, def);
            case "bytes":
                return new LexBytes(limit(where, def, "minLength"), limit(where, def, "maxLength"));
            case "cid-link":
                return new LexCidLink();
            case "blob":
                return new LexBlob(texts(where, def.path("accept")), limit(where, def, "maxSize"));
            case "array":
                if (!def.has("items")) {
                    throw new LexiconException(where + ": an array needs items");
                }
                return new LexArray(field(where + "/items", def.get("items")), limit(where, def, "minLength"),
                        limit(where, def, "maxLength"));
            case "object":
                return object(where, def);
            case "ref":
                return new LexRef(absolute(where, def.path("ref")));
            case "union": {
                List<String> refs = new ArrayList<>();
                if (!def.path("refs").isArray()) {
                    throw new LexiconException(where + ": a union needs refs");
                }
                for (JsonNode ref : def.path("refs")) {
                    refs.add(absolute(where, ref));
                }
                return new LexUnion(refs, def.path("closed").asBoolean(false));
            }
            case "unknown":
                return new LexUnknown();
            default:
                throw new LexiconException(where + ": unknown schema type '" + type + "'");
        }
    }

    private LexObject object(String where, JsonNode def) {
        Map<String, LexType> properties = new LinkedHashMap<>();
        JsonNode props = def.path("properties");
        if (!props.isMissingNode() && !props.isObject()) {
            throw new LexiconException(where + ": properties must be an object");
        }
        props.fields().forEachRemaining(e -> properties.put(e.getKey(), field(where + "/" + e.getKey(), e.getValue())));
        return new LexObject(properties, names(where, def.path("required"), properties.keySet()),
                names(where, def.path("nullable"), properties.keySet()));
    }

    private static LexInteger integer(String where, JsonNode def) {
        List<Long> enumValues = new ArrayList<>();
        for (JsonNode value : def.path("enum")) {
            if (!value.isIntegralNumber()) {
                throw new LexiconException(where + ": integer enum values must be integers");
            }
            enumValues.add(value.asLong());
        }
        return new LexInteger(optionalLong(where, def, "minimum"), optionalLong(where, def, "maximum"), enumValues,
                optionalLong(where, def, "default"), optionalLong(where, def, "const"));
    }

    private static LexString string(String where, JsonNode def) {
        Optional<StringFormat> format = def.has("format")
                ? Optional.of(StringFormat.fromLexicon(def.get("format").asText(""), where))
                : Optional.empty();
        return new LexString(format, limit(where, def, "minLength"), limit(where, def, "maxLength"),
                limit(where, def, "minGraphemes"), limit(where, def, "maxGraphemes"),
                texts(where, def.path("knownValues")), texts(where, def.path("enum")),
                optionalText(def, "default"), optionalText(def, "const"));
    }

    /** {@code #name} becomes {@code id#name}; {@code nsid#main} becomes {@code nsid}. */
    private String absolute(String where, JsonNode ref) {
        String text = ref.asText("");
        String full = text.startsWith("#") ? id + text : text;
        int hash = full.indexOf('#');
        String nsid = hash < 0 ? full : full.substring(0, hash);
        if (!Nsid.isValid(nsid) || (hash >= 0 && hash == full.length() - 1)) {
            throw new LexiconException(where + ": bad ref '" + text + "'");
        }
        return LexiconCatalog.normalize(full);
    }

    private static Set<String> names(String where, JsonNode list, Set<String> defined) {
        Set<String> names = new LinkedHashSet<>();
        for (String name : texts(where, list)) {
            names.add(name);
        }
        return names;
    }

    private static List<String> texts(String where, JsonNode list) {
        if (list.isMissingNode()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw new LexiconException(where + ": expected a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : list) {
            if (!item.isTextual()) {
                throw new LexiconException(where + ": expected a list of strings");
            }
            out.add(item.asText());
        }
        return out;
    }

    private static long limit(String where, JsonNode def, String field) {
        JsonNode value = def.path(field);
        if (value.isMissingNode()) {
            return -1;
        }
        if (!value.isIntegralNumber() || value.asLong() < 0) {
            throw new LexiconException(where + ": " + field + " must be a non-negative integer");
        }
        return value.asLong();
    }

    private static OptionalLong optionalLong(String where, JsonNode def, String field) {
        JsonNode value = def.path(field);
        if (value.isMissingNode()) {
            return OptionalLong.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new LexiconException(where + ": " + field + " must be an integer");
        }
        return OptionalLong.of(value.asLong());
    }

    private static Optional<Boolean> optionalBoolean(String where, JsonNode def, String field) {
        JsonNode value = def.path(field);
        if (value.isMissingNode()) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw new LexiconException(where + ": " + field + " must be a boolean");
        }
        return Optional.of(value.asBoolean());
    }

    private static Optional<String> optionalText(JsonNode def, String field) {
        JsonNode value = def.path(field);
        return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }
}
