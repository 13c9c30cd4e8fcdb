package dev.pds.server.xrpc;

import dev.pds.core.error.XrpcException;
import dev.pds.core.lexicon.Graphemes;
import dev.pds.server.lexicon.ParamSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns the raw query string values into {@link XrpcParams} as the method's lexicon declares
 * them: types, required, bounds, enums and defaults. Every failure is a 400 InvalidRequest that
 * names the parameter. String formats (did, at-uri, ...) use pds-core's grammars.
 */
public final class ParamsDecoder {
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,19}");

    private ParamsDecoder() {
    }

    public static XrpcParams decode(List<ParamSpec> specs, Map<String, List<String>> query) {
        if (specs.isEmpty()) {
            return XrpcParams.none();
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (ParamSpec spec : specs) {
            List<String> raw = query.getOrDefault(spec.name(), List.of());
            if (raw.isEmpty()) {
                if (spec.required()) {
                    throw XrpcException.invalidRequest("Parameter '" + spec.name() + "' is required");
                }
                spec.defaultValue().ifPresent(v -> values.put(spec.name(), v));
                continue;
            }
            if (spec.array()) {
                values.put(spec.name(), decodeArray(spec, raw));
            } else if (raw.size() > 1) {
                throw XrpcException.invalidRequest("Parameter '" + spec.name() + "' must be given once");
            } else {
                values.put(spec.name(), decodeValue(spec, raw.get(0)));
            }
        }
        return new XrpcParams(values);
    }

    private static List<Object> decodeArray(ParamSpec spec, List<String> raw) {
        if (spec.minItems().isPresent() && raw.size() < spec.minItems().getAsInt()) {
            throw XrpcException.invalidRequest("Parameter '" + spec.name() + "' needs at least "
                    + spec.minItems().getAsInt() + " values");
        }
        if (spec.maxItems().isPresent() && raw.size() > spec.maxItems().getAsInt()) {
            throw XrpcException.invalidRequest("Parameter '" + spec.name() + "' takes at most "
                    + spec.maxItems().getAsInt() + " values");
        }
        List<Object> items = new ArrayList<>(raw.size());
        for (String value : raw) {
            items.add(decodeValue(spec, value));
        }
        return List.copyOf(items);
    }

    private static Object decodeValue(ParamSpec spec, String raw) {
        switch (spec.type()) {
            case INTEGER:
                return checkInteger(spec, raw);
            case BOOLEAN:
                if (raw.equals("true")) {
                    return Boolean.TRUE;
                }
                if (raw.equals("false")) {
                    return Boolean.FALSE;
                }
                throw XrpcException.invalidRequest("Parameter '" + spec.name() + "' must be true or false");
            case STRING:
                return checkString(spec, raw);
            default:
                return raw;
        }
    }

    private static Long checkInteger(ParamSpec spec, String raw) {
        long value;
        try {
            if (!INTEGER.matcher(raw).matches()) {
                throw new NumberFormatException();
            }
            value = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw XrpcException.invalidRequest("Parameter '" + spec.name() + "' must be an integer");
        }
        if (spec.minimum().isPresent() && value < spec.minimum().getAsLong()) {
            throw XrpcException.invalidRequest("Parameter '" + spec.name() + "' must be at least " + spec.minimum().getAsLong());
        }
        if (spec.maximum().isPresent() && value > spec.maximum().getAsLong()) {
            throw XrpcException.invalidRequest("Parameter '" + spec.name() + "' must be at most " + spec.maximum().getAsLong());
        }
        checkEnum(spec, Long.toString(value));
        return value;
    }

    private static String checkString(ParamSpec spec, String raw) {
        if (spec.minLength().isPresent() || spec.maxLength().isPresent()) {
            int bytes = raw.getBytes(StandardCharsets.UTF_8).length;
            if (spec.minLength().isPresent() && bytes < spec.minLength().getAsInt()) {
                throw XrpcException.invalidRequest("Parameter '" + spec.name() + "' is too short");
            }
            if (spec.maxLength().isPresent() && bytes > spec.maxLength().getAsInt()) {
                throw XrpcException.invalidRequest("Parameter '" + spec.name() + "' is too long");
            }
        }
        if (spec.minGraphemes().isPresent() || spec.maxGraphemes().isPresent()) {
            int graphemes = Graphemes.count(raw);
            if (spec.minGraphemes().isPresent() && graphemes < spec.minGraphemes().getAsInt()) {
                throw XrpcException.invalidRequest("Parameter '" + spec.name() + "' is too short");
            }
            if (spec.maxGraphemes().isPresent() && graphemes > spec.maxGraphemes().getAsInt()) {
                throw XrpcException.invalidRequest("Parameter '" + spec.name() + "' is too long");
            }
        }
        if (spec.format().isPresent() && !spec.format().get().accepts(raw)) {
            throw XrpcException.invalidRequest("Parameter '" + spec.name() + "' must be a valid "
                    + spec.format().get().lexiconName());
        }
        checkEnum(spec, raw);
        return raw;
    }

    private static void checkEnum(ParamSpec spec, String value) {
        if (!spec.enumValues().isEmpty() && !spec.enumValues().contains(value)) {
            throw XrpcException.invalidRequest("Parameter '" + spec.name() + "' must be one of " + spec.enumValues());
        }
    }

}
