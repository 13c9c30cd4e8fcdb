package dev.pds.server.api.admin;

import dev.pds.core.error.XrpcException;
import dev.pds.server.AppContext;
import dev.pds.server.account.Account;
import dev.pds.server.account.AccountStore;
import dev.pds.server.account.EmailAddress;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;
import java.util.List;

/**
 * {@code com.atproto.admin.updateAccountEmail} (admin): the account (by handle or DID) gets a
 * new, unconfirmed email address, unique regardless of case as at sign-up.
 */
public final class UpdateAccountEmail extends AdminMethod {
    public static final String NSID = "com.atproto.admin.updateAccountEmail";

    public UpdateAccountEmail(AppContext context) {
        super(context, NSID);
    }

    @Override
    public XrpcResponse handle(XrpcRequest request) {
        String identifier = request.json().path("account").asText();
        String email = EmailAddress.checked(request.json().path("email").asText(""));
        Account found = context.accounts().find(identifier)
                .orElseThrow(() -> XrpcException.invalidRequest("Account does not exist: " + identifier));
        context.accounts().underLock(found.did(), () -> {
            Account before = context.accounts().byDid(found.did())
                    .orElseThrow(() -> XrpcException.invalidRequest("Account does not exist: " + identifier));
            if (email.equals(before.email())) {
                return null;
            }
            try (AccountStore.Claim claim = context.accounts().claim(null, email)) {
                context.store().writeTables(context.accounts().update(before, before.withEmail(email, false)), List.of()).join();
            }
            return null;
        });
        return XrpcResponse.empty();
    }
}
