package dev.pds.server.oauth.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import dev.pds.server.oauth.OAuthException;
import dev.pds.server.oauth.metadata.ServerMetadata;
import dev.pds.server.oauth.scope.Scopes;
import java.net.URI;
import java.net.URISyntaxException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a client metadata document field by field, as the atproto OAuth profile wants it:
 * {@code client_id} equal to the URL it came from, {@code authorization_code} and {@code code}
 * present, {@code atproto} in the scope and every scope token well formed, DPoP-bound tokens,
 * redirect URIs of the kinds the client type may use, and for confidential clients a key set
 * and an alg we verify. Unknown fields are ignored; known fields with wrong types are errors.
 */
public final class ClientMetadataParser {
    static final int MAX_REDIRECT_URIS = 20;
    static final int MAX_KEYS = 20;
    static final int MAX_STRING = 2048;

    private ClientMetadataParser() {
    }

    /** @param jwksFetched the keys from jwks_uri, when the document names one (fetched by the caller) */
    public static ClientMetadata parse(ClientId id, JsonNode doc, Optional<List<ECKey>> jwksFetched) {
        if (doc == null || !doc.isObject()) {
            throw bad("client metadata must be a JSON object");
        }
        if (!id.value().equals(text(doc, "client_id").orElse(null))) {
            throw bad("client_id in the metadata must equal the URL it was fetched from");
        }
        String appType = text(doc, "application_type").orElse("web");
        if (!appType.equals("web") && !appType.equals("native")) {
            throw bad("application_type must be web or native");
        }
        boolean nativeApp = appType.equals("native");
        List<String> grants = strings(doc, "grant_types").orElse(List.of("authorization_code"));
        noDuplicates(grants, "grant_types");
        if (!grants.contains("authorization_code")) {
            throw bad("grant_types must include authorization_code");
        }
        for (String g : grants) {
            if (!g.equals("authorization_code") && !g.equals("refresh_token")) {
                throw bad("grant type " + g + " is not supported");
            }
        }
        List<String> responseTypes = strings(doc, "response_types").orElse(List.of("code"));
        if (!responseTypes.contains("code")) {
            throw bad("response_types must include code");
        }
        String scope = text(doc, "scope").orElseThrow(() -> bad("scope is required"));
        Scopes scopes = Scopes.parse(scope);
        if (!scopes.has(Scopes.ATPROTO)) {
            throw bad("scope must include atproto");
        }
        if (scope.split(" ").length != scopes.tokens().size()) {
            throw bad("scope has duplicate or empty values");
        }
        JsonNode dpop = doc.get("dpop_bound_access_tokens");
        if (dpop == null || !dpop.isBoolean() || !dpop.asBoolean()) {
            throw bad("dpop_bound_access_tokens must be true");
        }
        String method = text(doc, "token_endpoint_auth_method").orElse(ClientMetadata.NONE);
        Optional<String> alg = text(doc, "token_endpoint_auth_signing_alg");
        Optional<String> jwksUri = text(doc, "jwks_uri");
        if (jwksUri.isPresent() && doc.has("jwks")) {
            throw bad("jwks and jwks_uri are mutually exclusive");
        }
        List<ECKey> keys = List.of();
        if (method.equals(ClientMetadata.NONE)) {
            if (alg.isPresent()) {
                throw bad("token_endpoint_auth_method none must not have token_endpoint_auth_signing_alg");
            }
        } else if (method.equals(ClientMetadata.PRIVATE_KEY_JWT)) {
            if (nativeApp) {
                throw bad("native clients must authenticate with the none method");
            }
            if (alg.isEmpty() || !ServerMetadata.SIGNING_ALGS.contains(alg.get())) {
                throw bad("token_endpoint_auth_signing_alg must be one of " + ServerMetadata.SIGNING_ALGS);
            }
            if (jwksUri.isPresent()) {
                httpsUrl(jwksUri.get(), "jwks_uri");
                keys = jwksFetched.orElseThrow(() -> bad("the keys of jwks_uri could not be fetched"));
            } else {
                keys = parseJwks(doc.get("jwks"));
            }
            if (keys.isEmpty()) {
                throw bad("private_key_jwt needs at least one usable public key in jwks or jwks_uri");
            }
        } else {
            throw bad("token_endpoint_auth_method must be none or private_key_jwt, got " + method);
        }
        List<String> redirects = strings(doc, "redirect_uris").orElseThrow(() -> bad("redirect_uris is required"));
        if (redirects.isEmpty() || redirects.size() > MAX_REDIRECT_URIS) {
            throw bad("redirect_uris must list between 1 and " + MAX_REDIRECT_URIS + " URIs");
        }
        for (String r : redirects) {
            RedirectUris.checkRegistered(r, nativeApp, id);
        }
        Optional<String> clientUri = text(doc, "client_uri");
        if (clientUri.isPresent()) {
            URI u = httpsUrl(clientUri.get(), "client_uri");
            if (!u.getHost().equalsIgnoreCase(id.host())) {
                throw bad("client_uri must have the same host as the client_id");
            }
        }
        Optional<String> logo = text(doc, "logo_uri");
        Optional<String> tos = text(doc, "tos_uri");
        Optional<String> policy = text(doc, "policy_uri");
        logo.ifPresent(u -> httpsUrl(u, "logo_uri"));
        tos.ifPresent(u -> httpsUrl(u, "tos_uri"));
        policy.ifPresent(u -> httpsUrl(u, "policy_uri"));
        for (String unsupported : List.of("authorization_encrypted_response_enc", "tls_client_certificate_bound_access_tokens",
                "authorization_details_types")) {
            if (doc.has(unsupported) && !doc.get(unsupported).isNull()) {
                throw bad(unsupported + " is not supported");
            }
        }
        if (doc.has("subject_type") && !"public".equals(doc.get("subject_type").asText())) {
            throw bad("only the public subject_type is supported");
        }
        return new ClientMetadata(id, redirects, grants, scopes.value(), method, alg, keys, jwksUri, nativeApp,
                text(doc, "client_name"), clientUri, logo, tos, policy);
    }

    /** The EC public keys of a JWKS document; other key types are skipped, private keys refused. */
    public static List<ECKey> parseJwks(JsonNode jwks) {
        if (jwks == null || !jwks.isObject() || !jwks.path("keys").isArray()) {
            throw bad("jwks must be an object with a keys array");
        }
        if (jwks.get("keys").size() > MAX_KEYS) {
            throw bad("jwks has more than " + MAX_KEYS + " keys");
        }
        List<ECKey> keys = new ArrayList<>();
        for (JsonNode k : jwks.get("keys")) {
            JWK jwk;
            try {
                jwk = JWK.parse(k.toString());
            } catch (ParseException e) {
                throw bad("jwks contains a malformed key: " + e.getMessage());
            }
            if (jwk.isPrivate()) {
                throw bad("jwks must contain public keys only");
            }
            boolean signing = jwk.getKeyUse() == null || jwk.getKeyUse().identifier().equals("sig");
            if (jwk instanceof ECKey && signing) {
                keys.add((ECKey) jwk);
            }
        }
        return keys;
    }

    static URI httpsUrl(String value, String field) {
        try {
            URI u = new URI(value);
            if (!"https".equals(u.getScheme()) || u.getHost() == null) {
                throw bad(field + " must be an https URL");
            }
            return u;
        } catch (URISyntaxException e) {
            throw bad(field + " is not a valid URL");
        }
    }

    private static Optional<String> text(JsonNode doc, String field) {
        JsonNode v = doc.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual() || v.asText().length() > MAX_STRING) {
            throw bad(field + " must be a string of at most " + MAX_STRING + " characters");
        }
        return Optional.of(v.asText());
    }

    private static Optional<List<String>> strings(JsonNode doc, String field) {
        JsonNode v = doc.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isArray()) {
            throw bad(field + " must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (Iterator<JsonNode> it = v.elements(); it.hasNext();) {
            JsonNode e = it.next();
            if (!e.isTextual() || e.asText().length() > MAX_STRING) {
                throw bad(field + " must be an array of strings");
            }
            out.add(e.asText());
        }
        return Optional.of(out);
    }

    private static void noDuplicates(List<String> values, String field) {
        Set<String> seen = new HashSet<>();
        for (String v : values) {
            if (!seen.add(v)) {
                throw bad("duplicate value " + v + " in " + field);
            }
        }
    }

    static OAuthException bad(String message) {
        return OAuthException.invalidClientMetadata(message);
    }
}
