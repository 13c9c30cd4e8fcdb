package dev.pds.server.api.server;

import dev.pds.core.error.XrpcException;
import dev.pds.server.AppContext;
import dev.pds.server.account.Account;
import dev.pds.server.account.AccountStore;
import dev.pds.server.account.EmailTokens;
import dev.pds.server.mail.MailTexts;
import dev.pds.server.ratelimit.RateLimits;
import dev.pds.server.xrpc.RouteLimit;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;
import java.util.List;

/**
 * {@code com.atproto.server.requestPasswordReset}: mails a reset code to the account with this
 * address (deactivated and taken-down accounts too, as on the reference, which also answers
 * InvalidRequest for an address it does not know).
 */
public final class RequestPasswordReset implements XrpcMethod {
    public static final String NSID = "com.atproto.server.requestPasswordReset";

    private final AppContext context;

    public RequestPasswordReset(AppContext context) {
        this.context = context;
    }

    @Override
    public String nsid() {
        return NSID;
    }

    @Override
    public List<RouteLimit> rateLimits() {
        return List.of(RouteLimit.perIp(RateLimits.RESET_REQUEST_HOUR), RouteLimit.perIp(RateLimits.RESET_REQUEST_DAY));
    }

    @Override
    public XrpcResponse handle(XrpcRequest request) {
        String email = AccountStore.normalize(request.json().path("email").asText());
        Account account = context.accounts().byEmail(email)
                .orElseThrow(() -> XrpcException.invalidRequest("account does not have an email address"));
        String token = context.emailTokens().issue(account.did(), EmailTokens.Purpose.RESET_PASSWORD);
        context.mailer().send(MailTexts.passwordReset(account.email(), account.handle(), token));
        return XrpcResponse.empty();
    }
}
