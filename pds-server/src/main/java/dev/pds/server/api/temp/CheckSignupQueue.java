package dev.pds.server.api.temp;

import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.xrpc.XrpcJson;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;

/**
 * {@code com.atproto.temp.checkSignupQueue}: this server queues no sign-ups, so every account is
 * activated, as the reference answers when it is not behind an entryway. The official app asks
 * after signing up.
 */
public final class CheckSignupQueue implements XrpcMethod {
    public static final String NSID = "com.atproto.temp.checkSignupQueue";

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
        return XrpcResponse.json(XrpcJson.object().put("activated", true));
    }
}
