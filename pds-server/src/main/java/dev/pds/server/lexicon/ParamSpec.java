package dev.pds.server.lexicon;

import dev.pds.core.lexicon.StringFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One query parameter as its lexicon declares it. For arrays, {@code type} and the value
 * constraints describe the items, and {@code minItems}/{@code maxItems} the array.
 *
 * @param minLength    strings: minimum length in UTF-8 bytes
 * @param maxLength    strings: maximum length in UTF-8 bytes
 * @param enumValues   the closed set of allowed values, as strings; empty when open
 *                     ({@code knownValues} is advisory and not kept)
 * @param defaultValue the value used when the parameter is absent (String, Long or Boolean)
 */
public record ParamSpec(
        String name,
        ParamType type,
        boolean array,
        boolean required,
        OptionalLong minimum,
        OptionalLong maximum,
        OptionalInt minLength,
        OptionalInt maxLength,
        OptionalInt minGraphemes,
        OptionalInt maxGraphemes,
        List<String> enumValues,
        Optional<StringFormat> format,
        OptionalInt minItems,
        OptionalInt maxItems,
        Optional<Object> defaultValue) {

    public ParamSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        enumValues = List.copyOf(enumValues);
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(defaultValue, "defaultValue");
    }
}
