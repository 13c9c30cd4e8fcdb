package dev.pds.server.oauth.dpop;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.server.oauth.OAuthException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A DPoP proof in compact JWS form, split and decoded once: its header and claims as JSON
 * objects, the bytes its signature covers, and the signature. Nothing here is checked but
 * the form; {@link DpopVerifier} decides what the proof is worth. Parsed with Jackson rather
 * than a JOSE library because the proof is checked on every OAuth call and only a handful of
 * members matter (a general parser decodes it twice and validates the JWK point each time).
 * Duplicate members are refused, so no member can mean two things.
 */
record ProofJwt(ObjectNode header, ObjectNode claims, byte[] signingInput, byte[] signature) {
    /** Far above any real proof (about 600 characters), far below what could hurt. */
    static final int MAX_LENGTH = 8 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

    /** @throws OAuthException invalid_dpop_proof unless three base64url parts: header and claims objects, signature */
    static ProofJwt parse(String compact) {
        if (compact.length() > MAX_LENGTH) {
            throw notJwt();
        }
        int first = compact.indexOf('.');
        int second = first < 0 ? -1 : compact.indexOf('.', first + 1);
        if (first <= 0 || second <= first + 1 || second == compact.length() - 1 || compact.indexOf('.', second + 1) >= 0) {
            throw notJwt();
        }
        ObjectNode header = object(compact.substring(0, first));
        ObjectNode claims = object(compact.substring(first + 1, second));
        byte[] signature = decode(compact.substring(second + 1));
        return new ProofJwt(header, claims, compact.substring(0, second).getBytes(StandardCharsets.US_ASCII), signature);
    }

    /** A header member that must be a string, or null when absent. */
    String headerString(String name) {
        return string(header, name, "header " + name);
    }

    /** A claim that must be a string, or null when absent. */
    String claimString(String name) {
        return string(claims, name, name + " claim");
    }

    /** A NumericDate claim in whole seconds, or null when absent. */
    Long claimSeconds(String name) {
        JsonNode v = claims.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw OAuthException.invalidDpopProof("DPoP " + name + " claim must be a number");
        }
        return v.longValue();
    }

    static String string(JsonNode object, String name, String what) {
        JsonNode v = object.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw OAuthException.invalidDpopProof("DPoP " + what + " must be a string");
        }
        return v.textValue();
    }

    private static ObjectNode object(String part) {
        JsonNode node;
        try {
            node = JSON.readTree(decode(part));
        } catch (IOException e) {
            throw notJwt();
        }
        if (!(node instanceof ObjectNode)) {
            throw notJwt();
        }
        return (ObjectNode) node;
    }

    /** Unpadded base64url only, as JWS has it. */
    private static byte[] decode(String part) {
        if (part.indexOf('=') >= 0) {
            throw notJwt();
        }
        try {
            return BASE64URL.decode(part);
        } catch (IllegalArgumentException e) {
            throw notJwt();
        }
    }

    private static OAuthException notJwt() {
        return OAuthException.invalidDpopProof("DPoP proof is not a signed JWT");
    }
}
