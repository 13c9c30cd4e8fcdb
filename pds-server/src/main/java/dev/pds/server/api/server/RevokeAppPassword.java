package dev.pds.server.api.server;

import dev.pds.server.AppContext;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;

/**
 * {@code com.atproto.server.revokeAppPassword}: removes an app password and ends every
 * session opened with it. Succeeds for an unknown name too, as the reference does.
 */
public final class RevokeAppPassword implements XrpcMethod {
    public static final String NSID = "com.atproto.server.revokeAppPassword";

    private final AppContext context;

    public RevokeAppPassword(AppContext context) {
        this.context = context;
    }

    @Override
    public String nsid() {
        return NSID;
    }

    @Override
    public AuthRequirement auth() {
        return AuthRequirement.ACCESS;
    }

    @Override
    public XrpcResponse handle(XrpcRequest request) {
        SessionViews.refuseOAuth(request.auth());
        context.appPasswords().revoke(request.auth().requireDid(), request.json().path("name").asText(""));
        return XrpcResponse.empty();
    }
}
