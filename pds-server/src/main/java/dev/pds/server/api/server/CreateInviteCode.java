package dev.pds.server.api.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pds.server.AppContext;
import dev.pds.server.account.InviteStore;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;
import java.util.List;
import java.util.Map;

/** {@code com.atproto.server.createInviteCode} (admin): one code for an account, or for "admin". */
public final class CreateInviteCode implements XrpcMethod {
    public static final String NSID = "com.atproto.server.createInviteCode";

    private final AppContext context;

    public CreateInviteCode(AppContext context) {
        this.context = context;
    }

    @Override
    public String nsid() {
        return NSID;
    }

    @Override
    public AuthRequirement auth() {
        return AuthRequirement.ADMIN;
    }

    @Override
    public XrpcResponse handle(XrpcRequest request) {
        JsonNode in = request.json();
        int useCount = InviteStore.checkUseCount(in.path("useCount").asLong());
        String forAccount = in.path("forAccount").asText("admin");
        String code = InviteStore.newCode(context.config().hostname());
        context.store().writeTables(context.invites().create(List.of(code), forAccount, useCount, context.clock().instant()),
                List.of()).join();
        return XrpcResponse.json(Map.of("code", code));
    }
}
