package dev.pds.server.api.admin;

import dev.pds.core.error.XrpcException;
import dev.pds.core.syntax.Did;
import dev.pds.server.AppContext;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;
import java.util.List;

/**
 * {@code com.atproto.admin.disableAccountInvites} and {@code enableAccountInvites} (moderator):
 * turn off or on the codes an account earns over time; while off they are made disabled. Codes
 * it already holds are left as they are (disableInviteCodes stops them), as on the reference.
 */
public final class AccountInvites extends AdminMethod {
    public static final String DISABLE = "com.atproto.admin.disableAccountInvites";
    public static final String ENABLE = "com.atproto.admin.enableAccountInvites";

    private final boolean disable;

    private AccountInvites(AppContext context, String nsid, boolean disable) {
        super(context, nsid, AuthRequirement.MODERATOR);
        this.disable = disable;
    }

    public static AccountInvites disable(AppContext context) {
        return new AccountInvites(context, DISABLE, true);
    }

    public static AccountInvites enable(AppContext context) {
        return new AccountInvites(context, ENABLE, false);
    }

    @Override
    public XrpcResponse handle(XrpcRequest request) {
        Did did = Did.parse(request.json().path("account").asText());
        context.accounts().underLock(did, () -> {
            context.accounts().byDid(did).orElseThrow(() -> XrpcException.invalidRequest("Account not found"));
            context.store().writeTables(context.invites().setInvitesDisabled(did, disable), List.of()).join();
            return null;
        });
        return XrpcResponse.empty();
    }
}
