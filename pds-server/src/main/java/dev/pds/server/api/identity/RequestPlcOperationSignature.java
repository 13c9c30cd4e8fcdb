package dev.pds.server.api.identity;

import dev.pds.core.error.XrpcException;
import dev.pds.server.AppContext;
import dev.pds.server.account.Account;
import dev.pds.server.account.EmailTokens;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.mail.MailTexts;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;

/**
 * {@code com.atproto.identity.requestPlcOperationSignature}: mails the account the code that
 * signPlcOperation asks for, so that an app holding only a session cannot repoint the account's
 * DID (to move it away, say) without its owner's mailbox.
 */
public final class RequestPlcOperationSignature implements XrpcMethod {
    public static final String NSID = "com.atproto.identity.requestPlcOperationSignature";

    private final AppContext context;

    public RequestPlcOperationSignature(AppContext context) {
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
        Account account = context.accounts().byDid(request.auth().requireDid())
                .orElseThrow(() -> XrpcException.invalidRequest("account not found"));
        String token = context.emailTokens().issue(account.did(), EmailTokens.Purpose.PLC_OPERATION);
        context.mailer().send(MailTexts.plcOperation(account.email(), token));
        return XrpcResponse.empty();
    }
}
