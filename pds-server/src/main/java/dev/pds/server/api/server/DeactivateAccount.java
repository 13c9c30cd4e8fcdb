package dev.pds.server.api.server;

import dev.pds.core.error.XrpcException;
import dev.pds.server.AppContext;
import dev.pds.server.account.Account;
import dev.pds.server.account.AccountStatus;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;
import java.util.List;

/**
 * {@code com.atproto.server.deactivateAccount}: the account stops being served (its repo
 * answers RepoDeactivated, writes AccountDeactivated) until it is activated again; the
 * {@code #account} event saying so is written in the same batch as the new status. The
 * account may still log in, to reactivate. {@code deleteAfter} is accepted and not acted on:
 * this server schedules no deletions.
 */
public final class DeactivateAccount implements XrpcMethod {
    public static final String NSID = "com.atproto.server.deactivateAccount";

    private final AppContext context;

    public DeactivateAccount(AppContext context) {
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
        context.accounts().underLock(request.auth().requireDid(), () -> {
            Account before = context.accounts().byDid(request.auth().requireDid())
                    .orElseThrow(() -> XrpcException.invalidRequest("Account not found"));
            // a taken-down account stays taken down: that status wins, as in the reference
            Account after = before.status() == AccountStatus.TAKENDOWN ? before : before.withStatus(AccountStatus.DEACTIVATED);
            context.store().writeTables(context.accounts().update(before, after),
                    List.of(context.events().account(after.did(), AccountEvents.statusOf(after)))).join();
            return null;
        });
        return XrpcResponse.empty();
    }
}
