package dev.pds.server.xrpc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pds.core.error.XrpcException;
import dev.pds.server.auth.Credentials;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a method handler gets: the NSID, the checked parameters, the headers, and the body
 * (parsed when the lexicon says the input is JSON), and the verified caller.
 */
public final class XrpcRequest {
    private final String nsid;
    private final XrpcParams params;
    private final Map<String, List<String>> headers;
    private final RequestBody body;
    private final JsonNode json;
    private final Optional<Credentials> credentials;

    /**
     * @param headers header names in lower case; copied
     * @param body    the request body; kept, not copied (the router hands over its own copy)
     * @param json    the parsed body, or null when the method does not take JSON
     */
    public XrpcRequest(String nsid, XrpcParams params, Map<String, List<String>> headers, byte[] body, JsonNode json) {
        this(nsid, params, headers, body, json, Optional.empty());
    }

    /** As above, with the caller's verified credentials. */
    public XrpcRequest(String nsid, XrpcParams params, Map<String, List<String>> headers, byte[] body, JsonNode json,
            Optional<Credentials> credentials) {
        this(nsid, params, headers, RequestBody.of(Objects.requireNonNull(body, "body")), json, credentials);
    }

    /** As above, with a body that may have been streamed to a file. */
    public XrpcRequest(String nsid, XrpcParams params, Map<String, List<String>> headers, RequestBody body, JsonNode json,
            Optional<Credentials> credentials) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.nsid = Objects.requireNonNull(nsid, "nsid");
        this.params = Objects.requireNonNull(params, "params");
        this.headers = Map.copyOf(headers);
        this.body = Objects.requireNonNull(body, "body");
        this.json = json;
    }

    public String nsid() {
        return nsid;
    }

    public XrpcParams params() {
        return params;
    }

    /** The verified caller, when the method's auth requirement established one. */
    public Optional<Credentials> credentials() {
        return credentials;
    }

    /** The verified caller of a method that requires authentication. */
    public Credentials auth() {
        return credentials.orElseThrow(() -> new IllegalStateException(nsid + " declares no auth requirement"));
    }

    /**
     * The caller's address as rate limits key it ({@link ClientAddress}); "unknown" when not
     * known, and always when rate limits are off (the router then does not work it out).
     */
    public String clientIp() {
        List<String> v = headers.get(ClientAddress.KEY);
        return v == null || v.isEmpty() ? "unknown" : v.get(0);
    }

    /** The first value of a header, by case-insensitive name. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public long bodyLength() {
        return body.length();
    }

    /** A copy of the raw body, for bodies kept in memory (see {@link #body()} for streamed ones). */
    public byte[] bodyBytes() {
        return body.bytesUnsafe().clone();
    }

    /** The body as received: in memory, or in a temporary file for streaming methods. */
    public RequestBody body() {
        return body;
    }

    /** The JSON input; only methods whose lexicon input is application/json have one. */
    public JsonNode json() {
        if (json == null) {
            throw XrpcException.invalidRequest("This method takes no JSON input");
        }
        return json;
    }
}
