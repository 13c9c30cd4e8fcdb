package dev.pds.server.api.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.server.AppContext;
import dev.pds.server.auth.AppPasswordStore;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.xrpc.XrpcJson;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;

/**
 * {@code com.atproto.server.createAppPassword}: a new app password, its secret shown this
 * once. Only a full session may make one (not an app password, privileged or not).
 */
public final class CreateAppPassword implements XrpcMethod {
    public static final String NSID = "com.atproto.server.createAppPassword";

    private final AppContext context;

    public CreateAppPassword(AppContext context) {
        this.context = context;
    }

    @Override
    public String nsid() {
        return NSID;
    }

    @Override
    public AuthRequirement auth() {
        return AuthRequirement.ACCESS_FULL;
    }

    @Override
    public XrpcResponse handle(XrpcRequest request) {
        JsonNode in = request.json();
        AppPasswordStore.Created created = context.appPasswords().create(request.auth().requireDid(),
                in.path("name").asText(""), in.path("privileged").asBoolean(false), context.clock().instant());
        ObjectNode out = XrpcJson.object();
        out.put("name", created.appPassword().name());
        out.put("password", created.password());
        out.put("createdAt", created.appPassword().createdAt().toString());
        out.put("privileged", created.appPassword().privileged());
        return XrpcResponse.json(out);
    }
}
