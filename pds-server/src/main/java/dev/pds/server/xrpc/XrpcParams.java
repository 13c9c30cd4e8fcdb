package dev.pds.server.xrpc;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Query parameters after checking them against the method's lexicon: values are typed
 * (String, Long, Boolean, or a List of those for arrays) and defaults are filled in.
 * Parameters the lexicon does not declare are not kept.
 */
public final class XrpcParams {
    private static final XrpcParams NONE = new XrpcParams(Map.of());

    private final Map<String, Object> values;

    XrpcParams(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static XrpcParams none() {
        return NONE;
    }

    public Optional<String> string(String name) {
        return typed(name, String.class);
    }

    public Optional<Long> integer(String name) {
        return typed(name, Long.class);
    }

    public Optional<Boolean> bool(String name) {
        return typed(name, Boolean.class);
    }

    /** The items of an array parameter (empty when absent). */
    public List<?> list(String name) {
        Object value = values.get(name);
        return value instanceof List ? (List<?>) value : List.of();
    }

    public Map<String, Object> asMap() {
        return values;
    }

    private <T> Optional<T> typed(String name, Class<T> type) {
        Object value = values.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!type.isInstance(value)) {
            throw new IllegalStateException("parameter " + name + " is not a " + type.getSimpleName());
        }
        return Optional.of(type.cast(value));
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
