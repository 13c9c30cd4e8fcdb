package dev.pds.server.xrpc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.error.XrpcException;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The one JSON reader/writer of the XRPC layer: strict when reading what clients send. */
public final class XrpcJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private XrpcJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER.copy();
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Parses a request body; malformed JSON is the client's error (400 InvalidRequest). */
    public static JsonNode parse(byte[] body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw XrpcException.invalidRequest("Request body is empty; a JSON document was expected");
            }
            return node;
        } catch (IOException e) {
            throw XrpcException.invalidRequest("Request body is not valid JSON");
        }
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode response as JSON", e);
        }
    }

    /** The XRPC error body {@code {"error": name, "message": text}}. */
    public static byte[] errorBody(String error, String message) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("error", error);
        body.put("message", message);
        return write(body);
    }
}
