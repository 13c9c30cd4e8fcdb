package dev.pds.server.api.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.error.XrpcException;
import dev.pds.core.syntax.Did;
import dev.pds.server.AppContext;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.account.Account;
import dev.pds.server.account.AccountStore;
import dev.pds.server.account.InviteStore;
import dev.pds.server.api.server.InviteViews;
import dev.pds.server.xrpc.XrpcJson;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;

/**
 * {@code com.atproto.admin.getAccountInfo} (admin): handle, email and creation time of a hosted
 * account, whatever its status, as {@code pdsadmin account list} reads them, with the invite
 * codes it was given or earned, whether its earned codes are turned off, the code it signed up
 * with, and when its email was confirmed and it was deactivated (when those are kept).
 */
public final class GetAccountInfo extends AdminMethod {
    public static final String NSID = "com.atproto.admin.getAccountInfo";

    public GetAccountInfo(AppContext context) {
        super(context, NSID, AuthRequirement.MODERATOR);
    }

    @Override
    public XrpcResponse handle(XrpcRequest request) {
        Did did = Did.parse(request.params().string("did").orElseThrow());
        Account account = context.accounts().byDid(did)
                .orElseThrow(() -> XrpcException.badRequest("NotFound", "Account not found"));
        return XrpcResponse.json(view(context.accounts(), context.invites(), account));
    }

    /** The lexicon's accountView of an account. */
    static ObjectNode view(AccountStore accounts, InviteStore invites, Account account) {
        ObjectNode out = XrpcJson.object();
        out.put("did", account.did().toString());
        out.put("handle", account.handle());
        out.put("email", account.email());
        out.put("indexedAt", account.createdAt().toString());
        ArrayNode codes = out.putArray("invites");
        invites.forAccount(account.did().toString()).forEach(c -> InviteViews.add(codes, c));
        out.put("invitesDisabled", invites.invitesDisabled(account.did()));
        invites.usedBy(account.did()).ifPresent(code -> out.set("invitedBy", InviteViews.view(code)));
        accounts.emailConfirmedAt(account.did()).ifPresent(t -> out.put("emailConfirmedAt", t.toString()));
        accounts.deactivatedAt(account.did()).ifPresent(t -> out.put("deactivatedAt", t.toString()));
        return out;
    }
}
