package dev.pds.server.api.server;

import dev.pds.core.error.XrpcException;
import dev.pds.core.store.TableWrites;
import dev.pds.core.syntax.Did;
import dev.pds.server.AppContext;
import dev.pds.server.account.Account;
import dev.pds.server.account.EmailTokens;
import dev.pds.server.account.PasswordHasher;
import dev.pds.server.ratelimit.RateLimits;
import dev.pds.server.xrpc.RouteLimit;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;
import java.util.List;

/**
 * {@code com.atproto.server.resetPassword}: a mailed reset code and a new password. The new
 * hash, the code's use and the end of every session and OAuth grant of the account go in one
 * write: whoever knew the old password is logged out. InvalidToken / ExpiredToken otherwise.
 */
public final class ResetPassword implements XrpcMethod {
    public static final String NSID = "com.atproto.server.resetPassword";

    private final AppContext context;

    public ResetPassword(AppContext context) {
        this.context = context;
    }

    @Override
    public String nsid() {
        return NSID;
    }

    @Override
    public List<RouteLimit> rateLimits() {
        return List.of(RouteLimit.perIp(RateLimits.RESET_PASSWORD));
    }

    @Override
    public XrpcResponse handle(XrpcRequest request) {
        String token = request.json().path("token").asText();
        String password = request.json().path("password").asText();
        if (password.length() > PasswordHasher.MAX_PASSWORD_CHARS) {
            throw XrpcException.invalidRequest("Invalid password length.");
        }
        Did did = context.emailTokens().accountOf(EmailTokens.Purpose.RESET_PASSWORD, token);
        String hash = context.passwords().hash(password);
        context.accounts().underLock(did, () -> {
            Account before = context.accounts().byDid(did)
                    .orElseThrow(() -> XrpcException.badRequest("InvalidToken", "Token is invalid"));
            TableWrites writes = context.emailTokens().redeem(did, EmailTokens.Purpose.RESET_PASSWORD, token)
                    .addAll(context.accounts().update(before, before.withPasswordHash(hash)))
                    .addAll(AccountDeletion.endLogins(context, did));
            context.store().writeTables(writes, List.of()).join();
            return null;
        });
        return XrpcResponse.empty();
    }
}
