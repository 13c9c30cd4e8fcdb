package dev.pds.server.oauth.request;

import dev.pds.server.oauth.OAuthException;
import dev.pds.server.oauth.client.ClientAuth;
import dev.pds.server.oauth.client.ClientMetadata;
import dev.pds.server.oauth.client.RedirectUris;
import dev.pds.server.oauth.dpop.DpopProof;
import dev.pds.server.oauth.scope.PermissionSets;
import dev.pds.server.oauth.scope.Scopes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks the parameters of a pushed authorization request against the atproto profile and the
 * client's metadata: response_type code, PKCE S256 with a well-formed challenge, a state, a
 * redirect URI the client registered, scopes that include {@code atproto}, are all understood
 * and were all declared by the client, and a DPoP key (from the proof or {@code dpop_jkt}).
 */
public final class ParParameters {
    private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43,128}");
    private static final Set<String> PROMPTS = Set.of("none", "login", "consent", "select_account");
    static final int MAX_STATE = 1024;
    static final int MAX_HINT = 256;

    private ParParameters() {
    }

    public static AuthorizationRequest check(Map<String, String> params, ClientMetadata client, ClientAuth auth,
            DpopProof proof, PermissionSets sets) {
        if (params.containsKey("request")) {
            throw new OAuthException("request_not_supported", "Request objects (JAR) are not supported", 400, null);
        }
        if (params.containsKey("request_uri")) {
            throw OAuthException.invalidRequest("request_uri is not allowed in a pushed authorization request");
        }
        if (!"code".equals(params.get("response_type"))) {
            throw new OAuthException("unsupported_response_type", "response_type must be code", 400, null);
        }
        String challenge = params.get("code_challenge");
        if (challenge == null) {
            throw OAuthException.invalidRequest("PKCE is required: code_challenge is missing");
        }
        if (!"S256".equals(params.get("code_challenge_method"))) {
            throw OAuthException.invalidRequest("code_challenge_method must be S256");
        }
        if (!CHALLENGE.matcher(challenge).matches()) {
            throw OAuthException.invalidRequest("code_challenge must be 43 to 128 base64url characters");
        }
        String state = params.get("state");
        if (state == null || state.isEmpty() || state.length() > MAX_STATE) {
            throw OAuthException.invalidRequest("state is required (at most " + MAX_STATE + " characters)");
        }
        String redirect = redirectUri(params.get("redirect_uri"), client);
        String scope = scope(params.get("scope"), client);
        if (sets.expand(Scopes.parse(scope)).isEmpty()) {
            throw OAuthException.invalidScope("A requested permission set (include:) cannot be resolved");
        }
        String mode = params.getOrDefault("response_mode", "query");
        if (!mode.equals("query") && !mode.equals("fragment")) {
            throw OAuthException.invalidRequest("response_mode must be query or fragment");
        }
        Optional<String> hint = Optional.ofNullable(params.get("login_hint")).map(String::trim).filter(h -> !h.isEmpty());
        if (hint.isPresent() && hint.get().length() > MAX_HINT) {
            throw OAuthException.invalidRequest("login_hint is too long");
        }
        Optional<String> prompt = Optional.ofNullable(params.get("prompt"));
        if (prompt.isPresent() && !PROMPTS.contains(prompt.get())) {
            throw OAuthException.invalidRequest("prompt must be one of " + PROMPTS);
        }
        String jkt = params.get("dpop_jkt");
        if (jkt != null && proof != null && !jkt.equals(proof.jkt())) {
            throw OAuthException.invalidDpopProof("dpop_jkt does not match the DPoP proof's key");
        }
        if (jkt == null && proof == null) {
            throw OAuthException.invalidDpopProof("DPoP is required: send a DPoP proof with the request");
        }
        String boundKey = jkt != null ? jkt : proof.jkt();
        if (auth.jkt().isPresent() && auth.jkt().get().equals(boundKey)) {
            throw OAuthException.invalidRequest("The DPoP key must differ from the client authentication key");
        }
        return new AuthorizationRequest(client.clientId().value(), redirect, scope, state, challenge, mode, hint, prompt,
                boundKey, auth);
    }

    private static String redirectUri(String requested, ClientMetadata client) {
        if (requested == null) {
            if (client.redirectUris().size() == 1) {
                return client.redirectUris().get(0);
            }
            throw OAuthException.invalidRequest("redirect_uri is required: the client registered several");
        }
        String matched = RedirectUris.match(client.redirectUris(), requested);
        if (matched == null) {
            throw OAuthException.invalidRequest("redirect_uri " + requested + " is not registered by the client");
        }
        return matched;
    }

    private static String scope(String requested, ClientMetadata client) {
        Scopes scopes = Scopes.parse(requested == null ? client.scope() : requested);
        if (!scopes.has(Scopes.ATPROTO)) {
            throw OAuthException.invalidScope("scope must include atproto");
        }
        if (!scopes.unknown().isEmpty()) {
            throw OAuthException.invalidScope("Unsupported or malformed scope: " + scopes.unknown().get(0));
        }
        List<String> declared = List.of(client.scope().split(" "));
        for (String token : scopes.tokens()) {
            if (!declared.contains(token)) {
                throw OAuthException.invalidScope("Scope " + token + " is not declared in the client metadata");
            }
        }
        return scopes.value();
    }
}
