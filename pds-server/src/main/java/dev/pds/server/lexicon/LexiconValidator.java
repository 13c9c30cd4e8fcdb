package dev.pds.server.lexicon;

import dev.pds.core.lexicon.Graphemes;
import dev.pds.core.lexicon.StringFormat;
import dev.pds.core.lexicon.LexiconException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.error.XrpcException;
import dev.pds.core.syntax.CidSyntax;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks JSON data against lexicon schemas (atproto.com/specs/lexicon): objects with required and
 * nullable properties, strings with lengths, graphemes, formats, enums and consts, integers with
 * bounds, booleans, arrays, refs, open and closed unions, unknown, bytes, cid-link and blob.
 * Missing properties with a {@code default} are filled in. Failures are 400 InvalidRequest with
 * the path of the offending value, e.g. {@code Input/record/text must be a string}.
 *
 * <p>It works on Jackson trees because XRPC input arrives as JSON and gets defaults filled in;
 * records are data-model values and are checked by pds-core's
 * {@link dev.pds.core.lexicon.LexiconValidator} against {@link LexiconCatalog#schemas()}.
 */
public final class LexiconValidator {
    private static final int MAX_REF_HOPS = 32;

    private final LexiconCatalog catalog;

    public LexiconValidator(LexiconCatalog catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    /**
     * Validates a method's JSON input against the schema in its lexicon (if it declares one).
     * The node is completed in place with defaults and returned.
     */
    public JsonNode validateInput(String nsid, JsonNode input) {
        Optional<JsonNode> schema = catalog.rawDocument(nsid).map(doc -> doc.path("defs").path("main").path("input").path("schema"))
                .filter(s -> !s.isMissingNode());
        schema.ifPresent(s -> validate(new Scope(nsid), s, input, "Input", 0));
        return input;
    }

    /**
     * Checks, at startup, that a method's input schema is usable: every ref resolves and every
     * string format is known. Without this a broken lexicon would only show as a 500 later.
     *
     * @throws LexiconException naming the broken ref or format
     */
    public void checkInputSchema(String nsid) {
        JsonNode schema = catalog.rawDocument(nsid).map(doc -> doc.path("defs").path("main").path("input").path("schema"))
                .orElse(com.fasterxml.jackson.databind.node.MissingNode.getInstance());
        if (!schema.isMissingNode()) {
            check(new Scope(nsid), schema, nsid + " input", new java.util.HashSet<>());
        }
    }

    private void check(Scope scope, JsonNode schema, String path, java.util.Set<String> visited) {
        switch (schema.path("type").asText("")) {
            case "object":
                schema.path("properties").fields().forEachRemaining(
                        p -> check(scope, p.getValue(), path + "/" + p.getKey(), visited));
                break;
            case "array":
                check(scope, schema.path("items"), path + "/items", visited);
                break;
            case "string":
                if (schema.path("format").isTextual()) {
                    StringFormat.fromLexicon(schema.get("format").asText(), path);
                }
                break;
            case "ref":
                checkRef(scope, schema.path("ref").asText(), path, visited);
                break;
            case "union":
                schema.path("refs").forEach(ref -> checkRef(scope, ref.asText(), path, visited));
                break;
            default:
                break;
        }
    }

    private void checkRef(Scope scope, String ref, String path, java.util.Set<String> visited) {
        Resolved target = resolve(scope, ref, path);
        if (visited.add(target.fullName)) {
            check(target.scope, target.schema, path, visited);
        }
    }

    private void validate(Scope scope, JsonNode schema, JsonNode value, String path, int hops) {
        String type = schema.path("type").asText("");
        switch (type) {
            case "object":
                object(scope, schema, value, path, hops);
                break;
            case "string":
                string(schema, value, path);
                break;
            case "integer":
                integer(schema, value, path);
                break;
            case "boolean":
                if (!value.isBoolean()) {
                    throw invalid(path + " must be a boolean");
                }
                if (schema.has("const") && schema.get("const").asBoolean() != value.asBoolean()) {
                    throw invalid(path + " must be " + schema.get("const").asBoolean());
                }
                break;
            case "null":
                if (!value.isNull()) {
                    throw invalid(path + " must be null");
                }
                break;
            case "array":
                array(scope, schema, value, path, hops);
                break;
            case "ref":
                Resolved target = resolve(scope, schema.path("ref").asText(), path);
                if (hops >= MAX_REF_HOPS) {
                    throw new LexiconException("lexicon refs loop at " + path);
                }
                validate(target.scope, target.schema, value, path, hops + 1);
                break;
            case "union":
                union(scope, schema, value, path, hops);
                break;
            case "unknown":
                if (!value.isObject()) {
                    throw invalid(path + " must be an object");
                }
                break;
            case "bytes":
                bytes(schema, value, path);
                break;
            case "cid-link":
                if (!value.isObject() || value.size() != 1 || !CidSyntax.isValid(value.path("$link").asText(null))) {
                    throw invalid(path + " must be a CID link ({\"$link\": cid})");
                }
                break;
            case "blob":
                blob(schema, value, path);
                break;
            default:
                throw new LexiconException("unsupported lexicon type '" + type + "' at " + path);
        }
    }

    private void object(Scope scope, JsonNode schema, JsonNode value, String path, int hops) {
        if (!value.isObject()) {
            throw invalid(path + " must be an object");
        }
        ObjectNode object = (ObjectNode) value;
        for (JsonNode required : schema.path("required")) {
            JsonNode present = object.get(required.asText());
            // a required property with a default gets the default, as the reference's validator does
            if (present == null && !schema.path("properties").path(required.asText()).has("default")) {
                throw invalid(path + " must have the property \"" + required.asText() + "\"");
            }
        }
        JsonNode nullable = schema.path("nullable");
        Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields();
        while (properties.hasNext()) {
            Map.Entry<String, JsonNode> property = properties.next();
            String name = property.getKey();
            JsonNode propertySchema = property.getValue();
            JsonNode present = object.get(name);
            if (present == null) {
                JsonNode fallback = propertySchema.get("default");
                if (fallback != null) {
                    object.set(name, fallback.deepCopy());
                }
                continue;
            }
            if (present.isNull() && contains(nullable, name)) {
                continue;
            }
            validate(scope, propertySchema, present, path + "/" + name, hops);
        }
    }

    private static void string(JsonNode schema, JsonNode value, String path) {
        if (!value.isTextual()) {
            throw invalid(path + " must be a string");
        }
        String text = value.asText();
        if (schema.has("minLength") || schema.has("maxLength")) {
            int bytes = text.getBytes(StandardCharsets.UTF_8).length;
            if (schema.has("minLength") && bytes < schema.get("minLength").asInt()) {
                throw invalid(path + " must not be shorter than " + schema.get("minLength").asInt() + " characters");
            }
            if (schema.has("maxLength") && bytes > schema.get("maxLength").asInt()) {
                throw invalid(path + " must not be longer than " + schema.get("maxLength").asInt() + " characters");
            }
        }
        if (schema.has("minGraphemes") || schema.has("maxGraphemes")) {
            int graphemes = Graphemes.count(text);
            if (schema.has("minGraphemes") && graphemes < schema.get("minGraphemes").asInt()) {
                throw invalid(path + " must not be shorter than " + schema.get("minGraphemes").asInt() + " graphemes");
            }
            if (schema.has("maxGraphemes") && graphemes > schema.get("maxGraphemes").asInt()) {
                throw invalid(path + " must not be longer than " + schema.get("maxGraphemes").asInt() + " graphemes");
            }
        }
        if (schema.path("format").isTextual()) {
            StringFormat format = StringFormat.fromLexicon(schema.get("format").asText(), path);
            if (!format.accepts(text)) {
                throw invalid(path + " must be a valid " + format.lexiconName());
            }
        }
        if (schema.has("const") && !schema.get("const").asText().equals(text)) {
            throw invalid(path + " must be " + schema.get("const").asText());
        }
        if (schema.has("enum") && !contains(schema.get("enum"), text)) {
            throw invalid(path + " must be one of " + schema.get("enum"));
        }
    }

    private static void integer(JsonNode schema, JsonNode value, String path) {
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw invalid(path + " must be an integer");
        }
        long number = value.asLong();
        if (schema.has("minimum") && number < schema.get("minimum").asLong()) {
            throw invalid(path + " can not be less than " + schema.get("minimum").asLong());
        }
        if (schema.has("maximum") && number > schema.get("maximum").asLong()) {
            throw invalid(path + " can not be greater than " + schema.get("maximum").asLong());
        }
        if (schema.has("const") && schema.get("const").asLong() != number) {
            throw invalid(path + " must be " + schema.get("const").asLong());
        }
        if (schema.has("enum") && !contains(schema.get("enum"), Long.toString(number))) {
            throw invalid(path + " must be one of " + schema.get("enum"));
        }
    }

    private void array(Scope scope, JsonNode schema, JsonNode value, String path, int hops) {
        if (!value.isArray()) {
            throw invalid(path + " must be an array");
        }
        if (schema.has("minLength") && value.size() < schema.get("minLength").asInt()) {
            throw invalid(path + " must not have fewer than " + schema.get("minLength").asInt() + " elements");
        }
        if (schema.has("maxLength") && value.size() > schema.get("maxLength").asInt()) {
            throw invalid(path + " must not have more than " + schema.get("maxLength").asInt() + " elements");
        }
        for (int i = 0; i < value.size(); i++) {
            validate(scope, schema.path("items"), value.get(i), path + "/" + i, hops);
        }
    }

    private void union(Scope scope, JsonNode schema, JsonNode value, String path, int hops) {
        if (!value.isObject() || !value.path("$type").isTextual()) {
            throw invalid(path + " must be an object which includes the \"$type\" property");
        }
        String type = normalize(value.get("$type").asText());
        for (JsonNode ref : schema.path("refs")) {
            Resolved target = resolve(scope, ref.asText(), path);
            if (target.fullName.equals(type)) {
                validate(target.scope, target.schema, value, path, hops + 1);
                return;
            }
        }
        if (schema.path("closed").asBoolean(false)) {
            throw invalid(path + " $type must be one of " + schema.path("refs"));
        }
    }

    private static void bytes(JsonNode schema, JsonNode value, String path) {
        if (!value.isObject() || value.size() != 1 || !value.path("$bytes").isTextual()) {
            throw invalid(path + " must be bytes ({\"$bytes\": base64})");
        }
        int length;
        try {
            length = Base64.getDecoder().decode(value.get("$bytes").asText()).length;
        } catch (IllegalArgumentException e) {
            throw invalid(path + " must be bytes ({\"$bytes\": base64})");
        }
        if (schema.has("minLength") && length < schema.get("minLength").asInt()) {
            throw invalid(path + " must not be smaller than " + schema.get("minLength").asInt() + " bytes");
        }
        if (schema.has("maxLength") && length > schema.get("maxLength").asInt()) {
            throw invalid(path + " must not be larger than " + schema.get("maxLength").asInt() + " bytes");
        }
    }

    private static void blob(JsonNode schema, JsonNode value, String path) {
        boolean typed = value.isObject() && "blob".equals(value.path("$type").asText())
                && CidSyntax.isValid(value.path("ref").path("$link").asText(null))
                && value.path("mimeType").isTextual() && value.path("size").isIntegralNumber();
        boolean legacy = value.isObject() && !value.has("$type") && CidSyntax.isValid(value.path("cid").asText(null))
                && value.path("mimeType").isTextual();
        if (!typed && !legacy) {
            throw invalid(path + " must be a blob reference");
        }
        if (typed && schema.has("maxSize") && value.get("size").asLong() > schema.get("maxSize").asLong()) {
            throw invalid(path + " is larger than " + schema.get("maxSize").asLong() + " bytes");
        }
    }

    /** A def found by a ref: its schema, its full name ({@code nsid} or {@code nsid#name}) and the document it lives in. */
    private record Resolved(Scope scope, JsonNode schema, String fullName) {
    }

    /** The document relative refs ({@code #name}) are resolved in. */
    private record Scope(String nsid) {
    }

    private Resolved resolve(Scope scope, String ref, String path) {
        String full = ref.startsWith("#") ? scope.nsid + ref : ref;
        int hash = full.indexOf('#');
        String nsid = hash < 0 ? full : full.substring(0, hash);
        String name = hash < 0 ? "main" : full.substring(hash + 1);
        JsonNode def = catalog.rawDocument(nsid).map(doc -> doc.path("defs").path(name))
                .filter(d -> !d.isMissingNode())
                .orElseThrow(() -> new LexiconException("unresolvable lexicon ref '" + ref + "' at " + path));
        return new Resolved(new Scope(nsid), def, normalize(full));
    }

    private static String normalize(String fullName) {
        return fullName.endsWith("#main") ? fullName.substring(0, fullName.length() - "#main".length()) : fullName;
    }

    private static boolean contains(JsonNode array, String text) {
        for (JsonNode item : array) {
            if (item.asText().equals(text)) {
                return true;
            }
        }
        return false;
    }


    private static XrpcException invalid(String message) {
        return XrpcException.invalidRequest(message);
    }
}
