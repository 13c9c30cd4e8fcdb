package dev.pds.core.plc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.crypto.CryptoException;
import dev.pds.crypto.DidKey;
import dev.pds.crypto.PublicKey;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The current data of a DID, as the directory serves it at {@code /:did/data}: the fields of
 * its latest operation plus the DID. {@link #toDidDocument()} renders the DID document the
 * directory serves at {@code /:did}.
 */
public record PlcState(
        String did,
        List<String> rotationKeys,
        Map<String, String> verificationMethods,
        List<String> alsoKnownAs,
        Map<String, PlcService> services) {
    static final String DID_CONTEXT = "https://www.w3.org/ns/did/v1";
    static final String MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1";
    static final String K256_CONTEXT = "https://w3id.org/security/suites/secp256k1-2019/v1";
    static final String P256_CONTEXT = "https://w3id.org/security/suites/ecdsa-2019/v1";

    public PlcState {
        Objects.requireNonNull(did, "did");
        rotationKeys = List.copyOf(rotationKeys);
        verificationMethods = Collections.unmodifiableMap(new LinkedHashMap<>(verificationMethods));
        alsoKnownAs = List.copyOf(alsoKnownAs);
        services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
    }

    /** The state after {@code op}, or null when {@code op} is a tombstone (the DID is gone). */
    public static PlcState of(String did, PlcOp op) {
        PlcOperation o = normalize(op);
        return o == null ? null : new PlcState(did, o.rotationKeys(), o.verificationMethods(), o.alsoKnownAs(), o.services());
    }

    /** A regular operation with the same meaning, or null for a tombstone. */
    static PlcOperation normalize(PlcOp op) {
        if (op instanceof PlcOperation o) {
            return o;
        }
        if (op instanceof PlcLegacyCreate c) {
            return c.normalize();
        }
        return null;
    }

    /** The {@code #atproto} signing key as a did:key, or null. */
    public String atprotoSigningKey() {
        return verificationMethods.get(PlcOperation.ATPROTO_KEY_ID);
    }

    /** The {@code #atproto_pds} endpoint, or null. */
    public String pdsEndpoint() {
        PlcService s = services.get(PlcService.ATPROTO_PDS_ID);
        return s == null ? null : s.endpoint();
    }

    /** The first {@code at://} alias without its prefix, or null. */
    public String handle() {
        for (String aka : alsoKnownAs) {
            if (aka.startsWith("at://")) {
                return aka.substring(5);
            }
        }
        return null;
    }

    /** The state as the unsigned operation that would keep it, following {@code prevCid}. */
    public PlcOperation toOperation(String prevCid) {
        return new PlcOperation(rotationKeys, verificationMethods, alsoKnownAs, services, prevCid, null);
    }

    /** {@code {did, verificationMethods, rotationKeys, alsoKnownAs, services}} as the directory serves it. */
    public ObjectNode toJson() {
        ObjectNode o = PlcJson.MAPPER.createObjectNode();
        o.put("did", did);
        ObjectNode vm = o.putObject("verificationMethods");
        verificationMethods.forEach(vm::put);
        ArrayNode rk = o.putArray("rotationKeys");
        rotationKeys.forEach(rk::add);
        ArrayNode aka = o.putArray("alsoKnownAs");
        alsoKnownAs.forEach(aka::add);
        ObjectNode svc = o.putObject("services");
        services.forEach((id, s) -> svc.putObject(id).put("type", s.type()).put("endpoint", s.endpoint()));
        return o;
    }

    /** Reads the {@code /:did/data} JSON. */
    public static PlcState fromJson(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw PlcException.invalid("DID data must be a JSON object");
        }
        return new PlcState(PlcJson.text(node, "did"), PlcJson.stringList(node, "rotationKeys"),
                PlcJson.stringMap(node, "verificationMethods"), PlcJson.stringList(node, "alsoKnownAs"),
                PlcJson.services(node));
    }

    /**
     * The DID document: the DID core and Multikey contexts plus one suite context per key
     * curve in use, each verification method as {@code <did>#<id>} of type Multikey, each
     * service as {@code #<id>}. Keys that are not K-256 or P-256 keep their multibase text
     * and add no context.
     */
    public ObjectNode toDidDocument() {
        ObjectNode doc = PlcJson.MAPPER.createObjectNode();
        ArrayNode context = doc.putArray("@context");
        context.add(DID_CONTEXT);
        context.add(MULTIKEY_CONTEXT);
        doc.put("id", did);
        ArrayNode aka = doc.putArray("alsoKnownAs");
        alsoKnownAs.forEach(aka::add);
        ArrayNode methods = doc.putArray("verificationMethod");
        verificationMethods.forEach((id, key) -> {
            String suite = suiteContext(key);
            if (suite != null && !contains(context, suite)) {
                context.add(suite);
            }
            methods.addObject()
                    .put("id", did + "#" + id)
                    .put("type", "Multikey")
                    .put("controller", did)
                    .put("publicKeyMultibase", key.startsWith(DidKey.PREFIX) ? key.substring(DidKey.PREFIX.length()) : key);
        });
        ArrayNode svc = doc.putArray("service");
        services.forEach((id, s) -> svc.addObject()
                .put("id", "#" + id)
                .put("type", s.type())
                .put("serviceEndpoint", s.endpoint()));
        return doc;
    }

    private static String suiteContext(String didKey) {
        PublicKey key;
        try {
            key = DidKey.parse(didKey);
        } catch (CryptoException e) {
            return null;
        }
        return switch (key.curve()) {
            case K256 -> K256_CONTEXT;
            case P256 -> P256_CONTEXT;
        };
    }

    private static boolean contains(ArrayNode array, String value) {
        for (JsonNode n : array) {
            if (n.textValue().equals(value)) {
                return true;
            }
        }
        return false;
    }
}
