package dev.pds.server.api.server;

import dev.pds.core.error.XrpcException;
import dev.pds.core.syntax.Did;
import dev.pds.server.AppContext;
import dev.pds.server.account.Account;
import dev.pds.server.account.AccountStore;
import dev.pds.server.account.EmailTokens;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;
import java.util.List;

/**
 * {@code com.atproto.server.confirmEmail}: the account's address, with the code mailed to it,
 * becomes confirmed (getSession's {@code emailConfirmed}); the code's use goes in the same write.
 * InvalidEmail when the address is not the account's, InvalidToken / ExpiredToken for the code.
 */
public final class ConfirmEmail implements XrpcMethod {
    public static final String NSID = "com.atproto.server.confirmEmail";

    private final AppContext context;

    public ConfirmEmail(AppContext context) {
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
        Did did = request.auth().requireDid();
        String email = AccountStore.normalize(request.json().path("email").asText());
        String token = request.json().path("token").asText();
        context.accounts().underLock(did, () -> {
            Account before = context.accounts().byDid(did)
                    .orElseThrow(() -> XrpcException.badRequest("AccountNotFound", "user not found"));
            if (!before.email().equals(email)) {
                throw XrpcException.badRequest("InvalidEmail", "invalid email");
            }
            context.store().writeTables(context.emailTokens().redeem(did, EmailTokens.Purpose.CONFIRM_EMAIL, token)
                    .addAll(context.accounts().update(before, before.withEmail(before.email(), true))), List.of()).join();
            return null;
        });
        return XrpcResponse.empty();
    }
}
