package dev.pds.server.config;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Typed, checked access to environment variables. An empty value counts as unset, as with the
 * reference PDS, so {@code PDS_PORT=} in an env file means "use the default".
 */
final class EnvReader {
    private final Map<String, String> env;

    EnvReader(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    Optional<String> string(String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(value.trim());
    }

    String string(String name, String fallback) {
        return string(name).orElse(fallback);
    }

    long integer(String name, long fallback, long min, long max) {
        Optional<String> raw = string(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(raw.get());
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be an integer, got '" + raw.get() + "'");
        }
        if (value < min || value > max) {
            throw new ConfigException(name + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    /** Accepts true/false and 1/0 (any case); anything else is an error rather than a silent false. */
    boolean bool(String name, boolean fallback) {
        Optional<String> raw = string(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        switch (raw.get().toLowerCase(java.util.Locale.ROOT)) {
            case "true":
            case "1":
                return true;
            case "false":
            case "0":
                return false;
            default:
                throw new ConfigException(name + " must be true or false, got '" + raw.get() + "'");
        }
    }

    /** A comma-separated list; blank entries are dropped. */
    List<String> list(String name) {
        return string(name)
                .map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }
}
