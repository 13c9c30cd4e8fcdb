package dev.pds.server.api.server;

import dev.pds.core.error.ErrorStatus;
import dev.pds.core.error.XrpcException;
import dev.pds.core.syntax.Did;
import dev.pds.server.AppContext;
import dev.pds.server.account.EmailTokens;
import dev.pds.server.account.PasswordHasher;
import dev.pds.server.firehose.Firehose;
import dev.pds.server.ratelimit.RateLimits;
import dev.pds.server.xrpc.RouteLimit;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;
import java.util.List;

/**
 * {@code com.atproto.server.deleteAccount}: the owner deletes the account with its password and
 * the code requestAccountDelete mailed; everything goes as for the operator's deletion
 * ({@link AccountDeletion}), the code's use in the same write. The reference's errors: 401 for
 * a wrong password, InvalidToken / ExpiredToken for the code; nothing is deleted on any error.
 */
public final class DeleteAccount implements XrpcMethod {
    public static final String NSID = "com.atproto.server.deleteAccount";

    private final AppContext context;
    private final AccountDeletion deletion;

    public DeleteAccount(AppContext context, Firehose firehose) {
        this.context = context;
        this.deletion = new AccountDeletion(context, firehose);
    }

    @Override
    public String nsid() {
        return NSID;
    }

    @Override
    public List<RouteLimit> rateLimits() {
        return List.of(RouteLimit.perIp(RateLimits.DELETE_ACCOUNT));
    }

    @Override
    public XrpcResponse handle(XrpcRequest request) {
        Did did = Did.parse(request.json().path("did").asText());
        String password = request.json().path("password").asText();
        String token = request.json().path("token").asText();
        if (password.length() > PasswordHasher.MAX_PASSWORD_CHARS) {
            throw new XrpcException(ErrorStatus.AUTHENTICATION_REQUIRED, "AuthenticationRequired",
                    "Password too long. Consider resetting your password.");
        }
        boolean deleted = deletion.delete(did, account -> {
            if (!context.passwords().verify(password, account.passwordHash())) {
                throw new XrpcException(ErrorStatus.AUTHENTICATION_REQUIRED, "AuthenticationRequired", "Invalid did or password");
            }
            return context.emailTokens().redeem(did, EmailTokens.Purpose.DELETE_ACCOUNT, token);
        });
        if (!deleted) {
            throw XrpcException.invalidRequest("account not found");
        }
        return XrpcResponse.empty();
    }
}
