package dev.pds.server.api.identity;

import dev.pds.server.AppContext;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.ratelimit.RateLimits;
import dev.pds.server.xrpc.RouteLimit;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;
import java.util.List;

/**
 * {@code com.atproto.identity.updateHandle}: the caller's new handle, checked and published as
 * {@link HandleChange} does it.
 */
public final class UpdateHandle implements XrpcMethod {
    public static final String NSID = "com.atproto.identity.updateHandle";
    private final HandleChange change;

    public UpdateHandle(AppContext context) {
        this.change = new HandleChange(context);
    }

    @Override
    public String nsid() {
        return NSID;
    }

    @Override
    public List<RouteLimit> rateLimits() {
        return List.of(RouteLimit.perAccount(RateLimits.HANDLE_5_MIN, r -> 1), RouteLimit.perAccount(RateLimits.HANDLE_DAY, r -> 1));
    }

    @Override
    public AuthRequirement auth() {
        return AuthRequirement.ACCESS;
    }

    @Override
    public XrpcResponse handle(XrpcRequest request) {
        // as the reference: an OAuth token needs identity:handle
        request.auth().permissions().assertIdentity("handle");
        change.apply(request.auth().requireDid(), request.json().path("handle").asText(""), false);
        return XrpcResponse.empty();
    }
}
