package dev.pds.server.api.server;

import dev.pds.core.block.Block;
import dev.pds.core.error.ErrorStatus;
import dev.pds.core.error.XrpcException;
import dev.pds.core.store.RepoHead;
import dev.pds.core.syntax.Handle;
import dev.pds.server.AppContext;
import dev.pds.server.account.Account;
import dev.pds.server.account.AccountStatus;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;
import java.util.List;

/**
 * {@code com.atproto.server.activateAccount}: serves a deactivated account again, once its
 * DID document points here. Logs, with the new status in one batch, what the reference
 * sequences: {@code #account} (active), {@code #identity} (the handle) and {@code #sync} (the
 * current commit), so relays pick the repo up again.
 */
public final class ActivateAccount implements XrpcMethod {
    public static final String NSID = "com.atproto.server.activateAccount";

    private final AppContext context;

    public ActivateAccount(AppContext context) {
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
                    .orElseThrow(() -> XrpcException.badRequest("AccountNotFound", "user not found"));
            if (before.status() == AccountStatus.TAKENDOWN) {
                throw new XrpcException(ErrorStatus.AUTHENTICATION_REQUIRED, "AccountTakedown", "Account has been taken down");
            }
            ServiceDidCheck.problem(context, before).ifPresent(problem -> {
                throw XrpcException.invalidRequest(problem);
            });
            RepoHead head = context.store().head(before.did())
                    .orElseThrow(() -> XrpcException.invalidRequest("Repo not found"));
            byte[] commit = context.store().blocks(before.did()).orElseThrow().require(head.commit());
            Account after = before.withStatus(AccountStatus.ACTIVE);
            context.store().writeTables(context.accounts().update(before, after), List.of(
                    context.events().account(after.did(), dev.pds.core.events.AccountStatus.ACTIVE),
                    context.events().identity(after.did(), Handle.parse(after.handle())),
                    context.events().sync(after.did(), new Block(head.commit(), commit), head.rev()))).join();
            return null;
        });
        return XrpcResponse.empty();
    }
}
