package dev.pds.server.api.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.server.AppContext;
import dev.pds.server.auth.AppPasswordStore;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.xrpc.XrpcJson;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;

/** {@code com.atproto.server.listAppPasswords}: the account's app passwords, newest first, without secrets. */
public final class ListAppPasswords implements XrpcMethod {
    public static final String NSID = "com.atproto.server.listAppPasswords";

    private final AppContext context;

    public ListAppPasswords(AppContext context) {
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
        ObjectNode out = XrpcJson.object();
        ArrayNode list = out.putArray("passwords");
        for (AppPasswordStore.AppPassword p : context.appPasswords().list(request.auth().requireDid())) {
            list.addObject()
                    .put("name", p.name())
                    .put("createdAt", p.createdAt().toString())
                    .put("privileged", p.privileged());
        }
        return XrpcResponse.json(out);
    }
}
