package dev.pds.server.api.admin;

import dev.pds.core.error.XrpcException;
import dev.pds.core.syntax.Did;
import dev.pds.server.AppContext;
import dev.pds.server.account.Account;
import dev.pds.server.account.PasswordHasher;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;
import java.util.List;

/**
 * {@code com.atproto.admin.updateAccountPassword} (admin): sets a new password, as
 * {@code pdsadmin account reset-password} does for a user who lost theirs (this server sends no
 * email). The account's password sessions and OAuth grants end in the same write, access tokens
 * included; the reference ends only the refresh tokens. App passwords stay.
 */
public final class UpdateAccountPassword extends AdminMethod {
    public static final String NSID = "com.atproto.admin.updateAccountPassword";

    public UpdateAccountPassword(AppContext context) {
        super(context, NSID);
    }

    @Override
    public XrpcResponse handle(XrpcRequest request) {
        Did did = Did.parse(request.json().path("did").asText());
        String password = request.json().path("password").asText();
        if (password.length() > PasswordHasher.MAX_PASSWORD_CHARS) {
            throw XrpcException.invalidRequest("Invalid password length.");
        }
        String hash = context.passwords().hash(password);
        context.accounts().underLock(did, () -> {
            Account before = context.accounts().byDid(did).orElseThrow(() -> XrpcException.invalidRequest("Account not found"));
            context.store().writeTables(context.accounts().update(before, before.withPasswordHash(hash))
                    .addAll(endLogins(did)), List.of()).join();
            return null;
        });
        return XrpcResponse.empty();
    }
}
