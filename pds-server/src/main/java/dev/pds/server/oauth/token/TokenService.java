package dev.pds.server.oauth.token;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.server.oauth.OAuthException;
import dev.pds.server.oauth.OAuthIds;
import dev.pds.server.oauth.client.ClientAuth;
import dev.pds.server.oauth.client.ClientMetadata;
import dev.pds.server.oauth.dpop.DpopProof;
import dev.pds.server.oauth.dpop.DpopVerifier;
import dev.pds.server.oauth.request.AuthorizationRequest;
import dev.pds.server.oauth.request.PendingRequest;
import dev.pds.server.oauth.request.RequestStore;
import dev.pds.server.oauth.scope.PermissionSets;
import dev.pds.server.oauth.scope.Scopes;
import dev.pds.server.xrpc.XrpcJson;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The token endpoint's two grants. {@code authorization_code}: the code works once (a replay
 * ends the session it started), for the client and redirect URI it was issued to, with the
 * PKCE verifier of its challenge and a DPoP proof by the key bound at PAR. {@code refresh_token}:
 * refresh tokens are single use and rotate; presenting one already used ends the whole session
 * (it may have been stolen); the session keeps its DPoP key, client key and scopes, and ends
 * when its lifetime or its refresh token's lifetime is over.
 */
public final class TokenService {
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");

    private final RequestStore requests;
    private final GrantStore grants;
    private final AccessTokens tokens;
    private final PermissionSets sets;
    private final Predicate<String> accountActive;
    private final Lifetimes lifetimes;
    private final Clock clock;

    /** @param accountActive whether a DID is an account of ours that may still get tokens */
    public TokenService(RequestStore requests, GrantStore grants, AccessTokens tokens, PermissionSets sets,
            Predicate<String> accountActive, Lifetimes lifetimes, Clock clock) {
        this.requests = Objects.requireNonNull(requests, "requests");
        this.grants = Objects.requireNonNull(grants, "grants");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.sets = Objects.requireNonNull(sets, "sets");
        this.accountActive = Objects.requireNonNull(accountActive, "accountActive");
        this.lifetimes = Objects.requireNonNull(lifetimes, "lifetimes");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * When a session stops being refreshable: its lifetime from sign-in or its refresh token's
     * from the last refresh, whichever ends first (the same rules the refresh grant applies).
     */
    public Instant refreshableUntil(Grant g) {
        boolean confidential = !ClientMetadata.NONE.equals(g.clientAuth().method());
        Instant sessionEnd = g.createdAt().plus(lifetimes.session(confidential));
        Instant refreshEnd = g.refreshedAt().plus(lifetimes.refresh(confidential));
        return sessionEnd.isBefore(refreshEnd) ? sessionEnd : refreshEnd;
    }

    public GrantStore grants() {
        return grants;
    }

    public AccessTokens accessTokens() {
        return tokens;
    }

    public ObjectNode exchangeCode(Map<String, String> params, ClientMetadata client, ClientAuth auth, DpopProof proof) {
        String code = params.get("code");
        if (code == null || code.isEmpty()) {
            throw OAuthException.invalidRequest("code is required");
        }
        Optional<PendingRequest> pending = requests.consumeCode(code);
        if (pending.isEmpty()) {
            // a code seen before: whoever replays it may have stolen it, so its session ends
            grants.byCode(code).ifPresent(grants::delete);
            throw OAuthException.invalidGrant("Invalid code (unknown, expired or already used)");
        }
        AuthorizationRequest request = pending.get().request();
        if (!request.clientId().equals(client.clientId().value())) {
            throw OAuthException.invalidGrant("This code was not issued to this client");
        }
        checkClientAuth(request.clientAuth(), auth, client);
        checkDpop(request.dpopJkt(), proof);
        if (!request.redirectUri().equals(params.get("redirect_uri"))) {
            throw OAuthException.invalidGrant("redirect_uri must be the one of the authorization request");
        }
        String verifier = params.get("code_verifier");
        if (verifier == null || !VERIFIER.matcher(verifier).matches()) {
            throw OAuthException.invalidGrant("code_verifier is required: 43 to 128 unreserved characters");
        }
        if (!MessageDigest.isEqual(DpopVerifier.accessTokenHash(verifier).getBytes(StandardCharsets.US_ASCII),
                request.codeChallenge().getBytes(StandardCharsets.US_ASCII))) {
            throw OAuthException.invalidGrant("Invalid code_verifier");
        }
        String did = pending.get().did().orElseThrow(() -> OAuthException.invalidGrant("This code was never approved"));
        if (!accountActive.test(did)) {
            throw OAuthException.invalidGrant("The account is not available");
        }
        String scope = sets.expand(Scopes.parse(request.scope()))
                .orElseThrow(() -> OAuthException.invalidScope("A requested permission set can no longer be resolved"));
        Instant now = clock.instant();
        String grantId = OAuthIds.random(16);
        Optional<String> refresh = client.allowsRefresh() ? Optional.of("ref-" + OAuthIds.random(32)) : Optional.empty();
        Grant grant = new Grant(grantId, did, client.clientId().value(), auth, scope, request.dpopJkt(), newJti(grantId),
                refresh.map(DpopVerifier::accessTokenHash), code, pending.get().deviceId(), now, now,
                accessExpiry(now, now, client));
        grants.create(grant, refresh);
        return response(grant, refresh, now);
    }

    public ObjectNode refresh(Map<String, String> params, ClientMetadata client, ClientAuth auth, DpopProof proof) {
        String token = params.get("refresh_token");
        if (token == null || token.isEmpty() || token.length() > 256) {
            throw OAuthException.invalidRequest("refresh_token is required");
        }
        if (!client.allowsRefresh()) {
            throw OAuthException.unauthorizedClient("This client did not declare the refresh_token grant type");
        }
        Grant grant = grants.byRefreshToken(token).orElseThrow(() -> OAuthException.invalidGrant("Invalid refresh token"));
        if (!grant.refreshHash().equals(Optional.of(DpopVerifier.accessTokenHash(token)))) {
            grants.delete(grant);
            throw OAuthException.invalidGrant("Refresh token replayed; the session has been revoked");
        }
        try {
            if (!grant.clientId().equals(client.clientId().value())) {
                throw OAuthException.invalidGrant("This refresh token was not issued to this client");
            }
            checkClientAuth(grant.clientAuth(), auth, client);
            checkDpop(grant.dpopJkt(), proof);
            String requestedScope = params.get("scope");
            if (requestedScope != null
                    && !Scopes.parse(grant.scope()).tokens().containsAll(Scopes.parse(requestedScope).tokens())) {
                throw OAuthException.invalidScope("A refresh cannot add scopes the session was not granted");
            }
            Instant now = clock.instant();
            boolean confidential = client.isConfidential();
            if (now.isAfter(grant.createdAt().plus(lifetimes.session(confidential)))) {
                throw OAuthException.invalidGrant("Session expired");
            }
            if (now.isAfter(grant.refreshedAt().plus(lifetimes.refresh(confidential)))) {
                throw OAuthException.invalidGrant("Refresh token expired");
            }
            if (!accountActive.test(grant.did())) {
                throw OAuthException.invalidGrant("The account is not available");
            }
            String next = "ref-" + OAuthIds.random(32);
            Grant rotated = grant.rotated(newJti(grant.id()), Optional.of(DpopVerifier.accessTokenHash(next)), now,
                    accessExpiry(now, grant.createdAt(), client), auth);
            grants.replace(rotated, Optional.of(next));
            return response(rotated, Optional.of(next), now);
        } catch (OAuthException e) {
            // as the reference server does: a refresh that fails a check ends the session
            grants.delete(grant);
            throw e;
        }
    }

    /** Revokes the session of an access or refresh token this client holds; unknown tokens are ignored (RFC 7009). */
    public void revoke(String token, ClientMetadata client, ClientAuth auth) {
        Optional<Grant> grant = token.startsWith("ref-") ? grants.byRefreshToken(token) : fromAccessToken(token);
        if (grant.isPresent() && grant.get().clientId().equals(client.clientId().value())) {
            checkClientAuth(grant.get().clientAuth(), auth, client);
            grants.delete(grant.get());
        }
    }

    private Optional<Grant> fromAccessToken(String token) {
        try {
            return grants.get(tokens.verify(token).grantId());
        } catch (OAuthException e) {
            return Optional.empty();
        }
    }

    private static void checkClientAuth(ClientAuth initial, ClientAuth now, ClientMetadata client) {
        if (!now.method().equals(client.authMethod())) {
            throw OAuthException.invalidGrant("Client authentication method mismatch");
        }
        if (initial.method().equals(ClientMetadata.PRIVATE_KEY_JWT) && !initial.sameKeyAs(now)) {
            throw OAuthException.invalidGrant("The session was started with another client authentication key");
        }
    }

    private static void checkDpop(String boundJkt, DpopProof proof) {
        if (proof == null) {
            throw OAuthException.invalidDpopProof("A DPoP proof is required");
        }
        if (!boundJkt.equals(proof.jkt())) {
            throw OAuthException.invalidGrant("The DPoP proof is signed by another key than the session's");
        }
    }

    private Instant accessExpiry(Instant now, Instant sessionStart, ClientMetadata client) {
        Instant sessionEnd = sessionStart.plus(lifetimes.session(client.isConfidential()));
        Instant expiry = now.plus(lifetimes.access());
        if (!sessionEnd.isAfter(now.plusSeconds(1))) {
            throw OAuthException.invalidGrant("Session expired");
        }
        return expiry.isBefore(sessionEnd) ? expiry : sessionEnd;
    }

    private static String newJti(String grantId) {
        return grantId + "." + OAuthIds.random(12);
    }

    private ObjectNode response(Grant g, Optional<String> refresh, Instant now) {
        ObjectNode o = XrpcJson.object();
        o.put("access_token", tokens.issue(g, now));
        o.put("token_type", "DPoP");
        refresh.ifPresent(r -> o.put("refresh_token", r));
        o.put("scope", g.scope());
        o.put("expires_in", Math.max(1, Duration.between(now, g.accessExpires()).toSeconds()));
        o.put("sub", g.did());
        return o;
    }
}
