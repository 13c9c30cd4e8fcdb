package dev.pds.server.api.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.error.XrpcException;
import dev.pds.server.AppContext;
import dev.pds.server.account.Account;
import dev.pds.server.account.EmailTokens;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.mail.MailTexts;
import dev.pds.server.xrpc.XrpcJson;
import dev.pds.server.ratelimit.RateLimits;
import dev.pds.server.xrpc.RouteLimit;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;
import java.util.List;

/**
 * {@code com.atproto.server.requestEmailUpdate}: when the account's address is confirmed, a
 * change needs a code mailed to it ({@code tokenRequired: true}, and the mail goes out);
 * otherwise updateEmail needs none. A full session only; OAuth apps may not.
 */
public final class RequestEmailUpdate implements XrpcMethod {
    public static final String NSID = "com.atproto.server.requestEmailUpdate";

    private final AppContext context;

    public RequestEmailUpdate(AppContext context) {
        this.context = context;
    }

    @Override
    public String nsid() {
        return NSID;
    }

    @Override
    public List<RouteLimit> rateLimits() {
        return List.of(RouteLimit.perAccount(RateLimits.UPDATE_REQUEST_HOUR, r -> 1), RouteLimit.perAccount(RateLimits.UPDATE_REQUEST_DAY, r -> 1));
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
        if (account.emailConfirmed()) {
            String token = context.emailTokens().issue(account.did(), EmailTokens.Purpose.UPDATE_EMAIL);
            context.mailer().send(MailTexts.updateEmail(account.email(), token));
        }
        ObjectNode out = XrpcJson.object();
        out.put("tokenRequired", account.emailConfirmed());
        return XrpcResponse.json(out);
    }
}
