package dev.pds.server.api.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.error.ErrorStatus;
import dev.pds.core.error.XrpcException;
import dev.pds.server.AppContext;
import dev.pds.server.account.Account;
import dev.pds.server.account.AccountStatus;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.auth.Credentials;
import dev.pds.server.auth.SessionStore;
import dev.pds.server.xrpc.XrpcJson;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;
import java.util.Optional;

/**
 * {@code com.atproto.server.refreshSession}: trades the refresh token for the session's next
 * token pair. The token is single-use, with the grace period {@link SessionStore#rotate}
 * describes; a used-up or revoked one answers ExpiredToken, which makes clients log out.
 */
public final class RefreshSession implements XrpcMethod {
    public static final String NSID = "com.atproto.server.refreshSession";

    private final AppContext context;

    public RefreshSession(AppContext context) {
        this.context = context;
    }

    @Override
    public String nsid() {
        return NSID;
    }

    @Override
    public AuthRequirement auth() {
        return AuthRequirement.REFRESH;
    }

    @Override
    public XrpcResponse handle(XrpcRequest request) {
        Credentials caller = request.auth();
        Account account = context.accounts().byDid(caller.requireDid()).orElseThrow(
                () -> XrpcException.invalidRequest("Could not find user info for account: " + caller.did()));
        if (account.status() == AccountStatus.TAKENDOWN) {
            throw new XrpcException(ErrorStatus.AUTHENTICATION_REQUIRED, "AccountTakedown", "Account has been taken down");
        }
        Optional<SessionStore.Rotated> rotated = context.sessions().rotate(caller.tokenId(), caller.sessionId(),
                account.did(), context.tokens(), context.clock().instant());
        if (rotated.isEmpty()) {
            throw XrpcException.badRequest("ExpiredToken", "Token has been revoked");
        }
        ObjectNode out = XrpcJson.object();
        out.put("accessJwt", rotated.get().tokens().accessJwt());
        out.put("refreshJwt", rotated.get().tokens().refreshJwt());
        SessionViews.putAccount(out, account);
        SessionViews.didDoc(context, account.did()).ifPresent(doc -> out.set("didDoc", doc));
        return XrpcResponse.json(out);
    }
}
