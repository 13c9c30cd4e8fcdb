package dev.pds.server.api.server;

import dev.pds.server.AppContext;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;

/**
 * {@code com.atproto.server.deleteSession}: logs out. Ends the refresh token's whole session,
 * so its access tokens and every refresh token of its chain stop working at once. Succeeds
 * for an expired token or an already ended session too, as the reference does.
 */
public final class DeleteSession implements XrpcMethod {
    public static final String NSID = "com.atproto.server.deleteSession";

    private final AppContext context;

    public DeleteSession(AppContext context) {
        this.context = context;
    }

    @Override
    public String nsid() {
        return NSID;
    }

    @Override
    public AuthRequirement auth() {
        return AuthRequirement.REFRESH_EVEN_EXPIRED;
    }

    @Override
    public XrpcResponse handle(XrpcRequest request) {
        String sessionId = request.auth().sessionId();
        context.sessions().session(sessionId)
                .filter(s -> s.did().equals(request.auth().did()))
                .ifPresent(s -> context.sessions().revoke(s.id()));
        return XrpcResponse.empty();
    }
}
