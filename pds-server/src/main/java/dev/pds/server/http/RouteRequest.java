package dev.pds.server.http;

import dev.pds.server.xrpc.ClientAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One complete HTTP request as a plain route sees it, detached from Netty's buffers.
 *
 * @param method  the HTTP method, upper case
 * @param path    the decoded path
 * @param query   decoded query parameters
 * @param headers header values by lower-case name
 * @param body    the request body (not copied: the router hands over its own copy)
 */
public record RouteRequest(String method, String path, Map<String, List<String>> query,
        Map<String, List<String>> headers, byte[] body) {

    public RouteRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }

    /** The address the request came from, as rate limits key it ({@link ClientAddress}). */
    public String clientIp() {
        List<String> v = headers.get(ClientAddress.KEY);
        return v == null || v.isEmpty() ? "unknown" : v.get(0);
    }

    /** The first value of a header, by case-insensitive name. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** All values of a header, by case-insensitive name. */
    public List<String> headerValues(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    /** The first value of a query parameter. */
    public Optional<String> queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
}
