package dev.pds.server.oauth.scope;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The general syntax of a permission scope string (permission spec, "Scope String Syntax"):
 * {@code resource[:positional][?name=value&...]}, case-sensitive printable ASCII, the
 * positional part and the values percent-decoded, repeated names making arrays.
 *
 * @param resource   the part before {@code :} or {@code ?}
 * @param positional the decoded positional value, if there is one
 * @param params     decoded parameter values by name, in order of appearance
 */
public record ScopeSyntax(String resource, Optional<String> positional, Map<String, List<String>> params) {
    public static final int MAX_LENGTH = 1024;

    public ScopeSyntax {
        params = Map.copyOf(params);
    }

    /** Empty when the string is not printable non-space ASCII or its percent-encoding is broken. */
    public static Optional<ScopeSyntax> parse(String scope) {
        if (scope.isEmpty() || scope.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        for (int i = 0; i < scope.length(); i++) {
            char c = scope.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return Optional.empty();
            }
        }
        int question = scope.indexOf('?');
        int colon = scope.indexOf(':');
        int end = question < 0 ? colon : colon < 0 ? question : Math.min(colon, question);
        if (end < 0) {
            return Optional.of(new ScopeSyntax(scope, Optional.empty(), Map.of()));
        }
        String resource = scope.substring(0, end);
        try {
            Optional<String> positional = Optional.empty();
            if (colon >= 0 && (question < 0 || colon < question)) {
                positional = Optional.of(decode(scope.substring(colon + 1, question < 0 ? scope.length() : question)));
            }
            Map<String, List<String>> params = new LinkedHashMap<>();
            if (question >= 0 && question < scope.length() - 1) {
                for (String pair : scope.substring(question + 1).split("&", -1)) {
                    int eq = pair.indexOf('=');
                    String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                    String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                    params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
                }
            }
            params.replaceAll((k, v) -> List.copyOf(v));
            return Optional.of(new ScopeSyntax(resource, positional, params));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** Percent-encodes a value for a scope string, leaving the characters the spec writes plainly. */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("%3A", ":").replace("%2F", "/")
                .replace("%2B", "+").replace("%2C", ",").replace("%40", "@").replace("*", "*");
    }
}
