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

/**
 * {@code com.atproto.server.requestAccountDelete}: mails the account a code that, with its
 * password, deletes it (server.deleteAccount). A full session only; OAuth apps may not.
 */
public final class RequestAccountDelete implements XrpcMethod {
    public static final String NSID = "com.atproto.server.requestAccountDelete";

    private final AppContext context;

    public RequestAccountDelete(AppContext context) {
        this.context = context;
    }

    @Override
    public String nsid() {
        return NSID;
    }

    @Override
    public List<RouteLimit> rateLimits() {
        return List.of(RouteLimit.perAccount(RateLimits.DELETE_REQUEST_HOUR, r -> 1), RouteLimit.perAccount(RateLimits.DELETE_REQUEST_DAY, r -> 1));
    }

    @Override
    public AuthRequirement auth() {
        return AuthRequirement.ACCESS_FULL;
    }

    @Override
    public XrpcResponse handle(XrpcRequest request) {
        SessionViews.refuseOAuth(request.auth());
        Account account = context.accounts().byDid(request.auth().requireDid())
                .orElseThrow(() -> XrpcException.invalidRequest("account not found"));
        String token = context.emailTokens().issue(account.did(), EmailTokens.Purpose.DELETE_ACCOUNT);
        context.mailer().send(MailTexts.accountDelete(account.email(), token));
        return XrpcResponse.empty();
    }
}
