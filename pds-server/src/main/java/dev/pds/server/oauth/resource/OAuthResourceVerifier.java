package dev.pds.server.oauth.resource;

import dev.pds.core.error.ErrorStatus;
import dev.pds.core.error.XrpcException;
import dev.pds.core.syntax.Did;
import dev.pds.server.account.Account;
import dev.pds.server.account.AccountStatus;
import dev.pds.server.account.AccountStore;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.auth.AuthScope;
import dev.pds.server.auth.Credentials;
import dev.pds.server.auth.DpopCredentials;
import dev.pds.server.oauth.OAuthException;
import dev.pds.server.oauth.OAuthServer;
import dev.pds.server.oauth.dpop.DpopProof;
import dev.pds.server.oauth.scope.ScopePermissions;
import dev.pds.server.oauth.scope.Scopes;
import dev.pds.server.oauth.token.AccessTokens;
import dev.pds.server.oauth.token.Grant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The resource-server side: an XRPC call with {@code Authorization: DPoP <token>} is accepted
 * when the token is ours and unexpired, its DPoP proof is valid for this call (method, URL,
 * token hash, nonce, fresh jti) and signed by the key the token is bound to, and its session
 * is still the live one (not revoked, not refreshed since). The caller gets the permissions of
 * the session's scopes. Methods for full password sessions only (app passwords management,
 * for instance) refuse OAuth credentials; refresh-token methods never take them.
 */
public final class OAuthResourceVerifier implements DpopCredentials {
    private final OAuthServer oauth;
    private final AccountStore accounts;

    public OAuthResourceVerifier(OAuthServer oauth, AccountStore accounts) {
        this.oauth = Objects.requireNonNull(oauth, "oauth");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
    }

    @Override
    public void precheck(AuthRequirement requirement, String token) {
        refuseUnsupported(requirement);
        try {
            oauth.tokens().accessTokens().verify(token);
        } catch (OAuthException e) {
            throw OAuthXrpcException.of(e);
        }
    }

    private static void refuseUnsupported(AuthRequirement requirement) {
        if (requirement.isOperator() || requirement.name().startsWith("REFRESH")) {
            throw XrpcException.badRequest("InvalidToken", "Unexpected authorization type");
        }
    }

    @Override
    public Credentials verify(AuthRequirement requirement, String httpMethod, String path, String token,
            List<String> proofs) {
        refuseUnsupported(requirement);
        Grant grant;
        AccessTokens.Claims claims;
        try {
            claims = oauth.tokens().accessTokens().verify(token);
            DpopProof proof = oauth.dpop().verify(proofs, httpMethod, oauth.endpoints().url(path), token);
            if (proof == null) {
                throw OAuthException.invalidDpopProof("DPoP proof required");
            }
            if (!proof.jkt().equals(claims.jkt())) {
                throw OAuthException.invalidToken("DPoP", "Invalid DPoP key binding");
            }
            grant = oauth.tokens().grants().get(claims.grantId())
                    .filter(g -> g.accessJti().equals(claims.jti()) && g.did().equals(claims.did()))
                    .orElseThrow(() -> OAuthException.invalidToken("DPoP", "Token has been revoked"));
        } catch (OAuthException e) {
            throw OAuthXrpcException.of(e);
        }
        Optional<Account> account = Did.isValid(grant.did()) ? accounts.byDid(Did.parse(grant.did())) : Optional.empty();
        if (account.isEmpty()) {
            throw new XrpcException(ErrorStatus.FORBIDDEN, "AccountNotFound", "Account not found");
        }
        if (account.get().status() == AccountStatus.TAKENDOWN) {
            throw new XrpcException(ErrorStatus.AUTHENTICATION_REQUIRED, "AccountTakedown", "Account has been taken down");
        }
        Scopes scopes = Scopes.parse(grant.scope());
        if (!scopes.has(Scopes.ATPROTO)) {
            throw XrpcException.badRequest("InvalidToken", "OAuth token does not have the atproto scope");
        }
        if (requirement == AuthRequirement.ACCESS_FULL) {
            throw new XrpcException(ErrorStatus.FORBIDDEN, "Forbidden", "OAuth credentials are not supported for this endpoint");
        }
        return new Credentials(account.get().did(), AuthScope.OAUTH, grant.id(), null, Optional.empty(),
                new ScopePermissions(scopes));
    }
}
