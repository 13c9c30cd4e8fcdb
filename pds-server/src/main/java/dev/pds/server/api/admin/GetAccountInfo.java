package dev.pds.server.api.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.error.XrpcException;
import dev.pds.core.syntax.Did;
import dev.pds.server.AppContext;
import dev.pds.server.account.Account;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.xrpc.XrpcJson;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;

/**
 * {@code com.atproto.admin.getAccountInfo} (admin): handle, email and creation time of a hosted
 * account, whatever its status, as {@code pdsadmin account list} reads them. Invites are not
 * tracked per account here, so {@code invites} is empty.
 */
public final class GetAccountInfo implements XrpcMethod {
    public static final String NSID = "com.atproto.admin.getAccountInfo";

    private final AppContext context;

    public GetAccountInfo(AppContext context) {
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
        Did did = Did.parse(request.params().string("did").orElseThrow());
        Account account = context.accounts().byDid(did)
                .orElseThrow(() -> XrpcException.badRequest("NotFound", "Account not found"));
        ObjectNode out = XrpcJson.object();
        out.put("did", account.did().toString());
        out.put("handle", account.handle());
        out.put("email", account.email());
        out.put("indexedAt", account.createdAt().toString());
        out.putArray("invites");
        out.put("invitesDisabled", false);
        return XrpcResponse.json(out);
    }
}
