package dev.pds.server.api.server;

import dev.pds.core.error.XrpcException;
import dev.pds.core.store.TableWrites;
import dev.pds.core.syntax.Did;
import dev.pds.server.AppContext;
import dev.pds.server.account.Account;
import dev.pds.server.account.AccountStore;
import dev.pds.server.account.EmailAddress;
import dev.pds.server.account.EmailTokens;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;
import java.util.List;

/**
 * {@code com.atproto.server.updateEmail}: a new address for the account, unconfirmed. When the
 * old one was confirmed, the code requestEmailUpdate mailed to it is needed (TokenRequired
 * without one), so a stolen session cannot take the account's mail; an address another account
 * has is refused. A full session only; OAuth apps may not.
 */
public final class UpdateEmail implements XrpcMethod {
    public static final String NSID = "com.atproto.server.updateEmail";

    private final AppContext context;

    public UpdateEmail(AppContext context) {
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
        SessionViews.refuseOAuth(request.auth());
        Did did = request.auth().requireDid();
        String email = EmailAddress.checked(request.json().path("email").asText(""));
        String token = request.json().path("token").asText("");
        context.accounts().underLock(did, () -> {
            Account before = context.accounts().byDid(did)
                    .orElseThrow(() -> XrpcException.invalidRequest("account not found"));
            if (before.emailConfirmed() && token.isEmpty()) {
                throw XrpcException.badRequest("TokenRequired", "confirmation token required");
            }
            TableWrites writes = token.isEmpty() ? TableWrites.create()
                    : context.emailTokens().redeem(did, EmailTokens.Purpose.UPDATE_EMAIL, token);
            if (email.equals(before.email())) {
                writes.addAll(context.accounts().update(before, before.withEmail(email, false)));
                context.store().writeTables(writes, List.of()).join();
                return null;
            }
            try (AccountStore.Claim claim = context.accounts().claim(null, email)) {
                writes.addAll(context.accounts().update(before, before.withEmail(email, false)));
                context.store().writeTables(writes, List.of()).join();
            }
            return null;
        });
        return XrpcResponse.empty();
    }
}
