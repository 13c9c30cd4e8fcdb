package dev.pds.server.oauth.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pds.core.error.XrpcException;
import dev.pds.server.http.RouteRequest;
import dev.pds.server.oauth.OAuthException;
import dev.pds.server.xrpc.XrpcJson;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * The parameters of an OAuth endpoint request: a form-encoded body (RFC 6749) or, as the
 * reference server also accepts, a JSON object of strings. A parameter given twice is refused
 * (RFC 6749 section 3.1).
 */
final class FormBody {
    static final int MAX_PARAMS = 64;

    private FormBody() {
    }

    static Map<String, String> parse(RouteRequest request) {
        String type = request.header("content-type").orElse("").split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (type.equals("application/json")) {
            return json(request.body());
        }
        if (!type.equals("application/x-www-form-urlencoded")) {
            throw OAuthException.invalidRequest("Content-Type must be application/x-www-form-urlencoded");
        }
        return form(new String(request.body(), StandardCharsets.UTF_8));
    }

    static Map<String, String> form(String body) {
        Map<String, String> params = new HashMap<>();
        if (body.isEmpty()) {
            return params;
        }
        String[] pairs = body.split("&");
        if (pairs.length > MAX_PARAMS) {
            throw OAuthException.invalidRequest("Too many parameters");
        }
        for (String pair : pairs) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name;
            String value;
            try {
                name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw OAuthException.invalidRequest("Malformed form encoding");
            }
            if (params.put(name, value) != null) {
                throw OAuthException.invalidRequest("Parameter " + name + " was given more than once");
            }
        }
        return params;
    }

    private static Map<String, String> json(byte[] body) {
        JsonNode node;
        try {
            node = XrpcJson.parse(body);
        } catch (XrpcException e) {
            throw OAuthException.invalidRequest("Request body is not valid JSON");
        }
        if (!node.isObject() || node.size() > MAX_PARAMS) {
            throw OAuthException.invalidRequest("Request body must be a JSON object of parameters");
        }
        Map<String, String> params = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw OAuthException.invalidRequest("Parameter " + e.getKey() + " must be a string");
            }
            params.put(e.getKey(), e.getValue().asText());
        }
        return params;
    }
}
