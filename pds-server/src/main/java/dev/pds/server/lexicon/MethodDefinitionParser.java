package dev.pds.server.lexicon;

import dev.pds.core.lexicon.StringFormat;
import dev.pds.core.lexicon.LexiconException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/** Reads the {@code main} def of a method lexicon into a {@link MethodDefinition}. */
final class MethodDefinitionParser {
    private MethodDefinitionParser() {
    }

    /** Empty when the document's main def is not a query, procedure or subscription (a record type, say). */
    static Optional<MethodDefinition> parse(String nsid, JsonNode document) {
        JsonNode main = document.path("defs").path("main");
        String type = main.path("type").asText("");
        if (!type.equals("query") && !type.equals("procedure") && !type.equals("subscription")) {
            return Optional.empty();
        }
        return Optional.of(new MethodDefinition(
                nsid,
                MethodType.fromLexicon(type),
                parameters(nsid, main.path("parameters")),
                encoding(main.path("input")),
                encoding(main.path("output"))));
    }

    private static Optional<String> encoding(JsonNode body) {
        JsonNode encoding = body.path("encoding");
        return encoding.isTextual() ? Optional.of(encoding.asText()) : Optional.empty();
    }

    private static List<ParamSpec> parameters(String nsid, JsonNode params) {
        if (params.isMissingNode() || params.isNull()) {
            return List.of();
        }
        if (!"params".equals(params.path("type").asText())) {
            throw new LexiconException(nsid + ": parameters must have type params");
        }
        Set<String> required = new HashSet<>();
        for (JsonNode name : params.path("required")) {
            required.add(name.asText());
        }
        List<ParamSpec> specs = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = params.path("properties").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            specs.add(param(nsid + " parameter " + field.getKey(), field.getKey(), field.getValue(),
                    required.remove(field.getKey())));
        }
        if (!required.isEmpty()) {
            throw new LexiconException(nsid + ": required parameters without a definition: " + required);
        }
        return specs;
    }

    private static ParamSpec param(String where, String name, JsonNode def, boolean required) {
        boolean array = "array".equals(def.path("type").asText());
        JsonNode value = array ? def.path("items") : def;
        ParamType type = ParamType.fromLexicon(value.path("type").asText(""), where);

        List<String> enumValues = new ArrayList<>();
        for (JsonNode option : value.path("enum")) {
            enumValues.add(option.asText());
        }
        if (value.has("const")) {
            enumValues = List.of(value.get("const").asText());
        }
        return new ParamSpec(
                name,
                type,
                array,
                required,
                optionalLong(value, "minimum"),
                optionalLong(value, "maximum"),
                optionalInt(value, "minLength"),
                optionalInt(value, "maxLength"),
                optionalInt(value, "minGraphemes"),
                optionalInt(value, "maxGraphemes"),
                enumValues,
                value.path("format").isTextual()
                        ? Optional.of(StringFormat.fromLexicon(value.get("format").asText(), where))
                        : Optional.empty(),
                array ? optionalInt(def, "minLength") : OptionalInt.empty(),
                array ? optionalInt(def, "maxLength") : OptionalInt.empty(),
                array ? Optional.empty() : defaultValue(where, type, value.path("default")));
    }

    private static Optional<Object> defaultValue(String where, ParamType type, JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return Optional.empty();
        }
        switch (type) {
            case INTEGER:
                if (!node.canConvertToExactIntegral() || !node.canConvertToLong()) {
                    throw new LexiconException(where + ": default must be an integer");
                }
                return Optional.of(node.asLong());
            case BOOLEAN:
                if (!node.isBoolean()) {
                    throw new LexiconException(where + ": default must be a boolean");
                }
                return Optional.of(node.asBoolean());
            default:
                return Optional.of(node.asText());
        }
    }

    private static OptionalLong optionalLong(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isIntegralNumber() ? OptionalLong.of(value.asLong()) : OptionalLong.empty();
    }

    private static OptionalInt optionalInt(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isIntegralNumber() ? OptionalInt.of(value.asInt()) : OptionalInt.empty();
    }
}
