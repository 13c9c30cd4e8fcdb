package dev.pds.server.api.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.error.XrpcException;
import dev.pds.core.syntax.Did;
import dev.pds.server.AppContext;
import dev.pds.server.account.Account;
import dev.pds.server.account.InviteStore;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.config.InviteConfig;
import dev.pds.server.xrpc.XrpcJson;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;

/**
 * {@code com.atproto.server.getAccountInviteCodes}: the caller's codes, those the admin gave
 * and those it earned, without disabled ones, and without used-up ones unless
 * {@code includeUsed}. With {@code createAvailable} (the default) and {@code PDS_INVITE_INTERVAL}
 * set, the codes earned since the last call are made first (see {@link InviteStore#earn}).
 * Full sessions only, as in the reference.
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
        boolean createAvailable = request.params().bool("createAvailable").orElse(true);
        Did did = request.auth().requireDid();
        InviteConfig invites = context.config().invites();
        if (createAvailable && invites.earned()) {
            context.accounts().underLock(did, () -> {
                Account account = context.accounts().byDid(did).orElseThrow(() -> XrpcException.badRequest("NotFound", "Account not found"));
                return context.invites().earn(account, invites.interval().orElseThrow(), invites.epoch(),
                        context.config().hostname(), context.clock().instant());
            });
        }
        ObjectNode out = XrpcJson.object();
        ArrayNode codes = out.putArray("codes");
        for (InviteStore.InviteCode c : context.invites().forAccount(did.toString())) {
            if (c.disabled() || (!includeUsed && c.usedUp())) {
                continue;
            }
            InviteViews.add(codes, c);
        }
        return XrpcResponse.json(out);
    }
}
