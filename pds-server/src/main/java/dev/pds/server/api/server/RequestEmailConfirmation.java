package dev.pds.server.api.server;

import dev.pds.core.error.XrpcException;
import dev.pds.server.AppContext;
import dev.pds.server.account.Account;
import dev.pds.server.account.EmailTokens;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.mail.MailTexts;
import dev.pds.server.ratelimit.RateLimits;
import dev.pds.server.xrpc.RouteLimit;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;
import java.util.List;

/** {@code com.atproto.server.requestEmailConfirmation}: mails the account's address a code that confirms it (confirmEmail). */
public final class RequestEmailConfirmation implements XrpcMethod {
    public static final String NSID = "com.atproto.server.requestEmailConfirmation";

    private final AppContext context;

    public RequestEmailConfirmation(AppContext context) {
        this.context = context;
    }

    @Override
    public String nsid() {
        return NSID;
    }

    @Override
    public List<RouteLimit> rateLimits() {
        return List.of(RouteLimit.perAccount(RateLimits.CONFIRM_REQUEST_HOUR, r -> 1), RouteLimit.perAccount(RateLimits.CONFIRM_REQUEST_DAY, r -> 1));
    }

    @Override
    public AuthRequirement auth() {
        return AuthRequirement.ACCESS;
    }

    @Override
    public XrpcResponse handle(XrpcRequest request) {
        Account account = context.accounts().byDid(request.auth().requireDid())
                .orElseThrow(() -> XrpcException.invalidRequest("account not found"));
        String token = context.emailTokens().issue(account.did(), EmailTokens.Purpose.CONFIRM_EMAIL);
        context.mailer().send(MailTexts.confirmEmail(account.email(), token));
        return XrpcResponse.empty();
    }
}
