package dev.pds.server.api.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.error.XrpcException;
import dev.pds.server.AppContext;
import dev.pds.server.account.Account;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.xrpc.XrpcJson;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;

/** {@code com.atproto.server.getSession}: who the access token belongs to. */
public final class GetSession implements XrpcMethod {
    public static final String NSID = "com.atproto.server.getSession";

    private final AppContext context;

    public GetSession(AppContext context) {
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
        Account account = context.accounts().byDid(request.auth().requireDid()).orElseThrow(
                () -> XrpcException.invalidRequest("Could not find user info for account: " + request.auth().did()));
        ObjectNode out = XrpcJson.object();
        SessionViews.putAccount(out, account);
        if (!request.auth().permissions().allowsAccount("email", "read")) {
            // OAuth apps see the email only with transition:email or account:email
            out.remove(java.util.List.of("email", "emailConfirmed", "emailAuthFactor"));
        }
        SessionViews.didDoc(context, account.did()).ifPresent(doc -> out.set("didDoc", doc));
        return XrpcResponse.json(out);
    }
}
