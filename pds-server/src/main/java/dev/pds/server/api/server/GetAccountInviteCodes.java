package dev.pds.server.api.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.server.AppContext;
import dev.pds.server.account.InviteStore;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.xrpc.XrpcJson;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;

/**
 * {@code com.atproto.server.getAccountInviteCodes}: the codes the admin gave the caller,
 * without disabled ones, and without used-up ones unless {@code includeUsed}. Full sessions
 * only, as in the reference. {@code createAvailable} makes nothing: codes that accounts earn
 * over time need an invite interval, which this server has no setting for.
 */
public final class GetAccountInviteCodes implements XrpcMethod {
    public static final String NSID = "com.atproto.server.getAccountInviteCodes";

    private final AppContext context;

    public GetAccountInviteCodes(AppContext context) {
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
        boolean includeUsed = request.params().bool("includeUsed").orElse(true);
        ObjectNode out = XrpcJson.object();
        ArrayNode codes = out.putArray("codes");
        for (InviteStore.InviteCode c : context.invites().forAccount(request.auth().requireDid().toString())) {
            if (c.disabled() || (!includeUsed && c.usedUp())) {
                continue;
            }
            ObjectNode o = codes.addObject()
                    .put("code", c.code())
                    .put("available", c.available())
                    .put("disabled", c.disabled())
                    .put("forAccount", c.forAccount())
                    .put("createdBy", c.createdBy())
                    .put("createdAt", c.createdAt().toString());
            ArrayNode uses = o.putArray("uses");
            c.uses().forEach(u -> uses.addObject().put("usedBy", u.usedBy().toString()).put("usedAt", u.usedAt().toString()));
        }
        return XrpcResponse.json(out);
    }
}
