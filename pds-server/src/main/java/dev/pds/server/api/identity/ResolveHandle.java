package dev.pds.server.api.identity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.error.XrpcException;
import dev.pds.core.syntax.Did;
import dev.pds.server.AppContext;
import dev.pds.server.account.Account;
import dev.pds.server.account.AccountStore;
import dev.pds.server.account.HandleRules;
import dev.pds.server.identity.HandleResolver;
import dev.pds.server.xrpc.XrpcJson;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;
import java.util.Optional;

/**
 * {@code com.atproto.identity.resolveHandle}: the DID of a handle. Handles of active accounts
 * here come from the store; a handle under one of our service domains that no active account
 * holds is HandleNotFound; any other handle is resolved the public way (DNS TXT, then HTTPS
 * well-known), and one that does not resolve is InvalidRequest, as the reference PDS answers.
 */
public final class ResolveHandle implements XrpcMethod {
    public static final String NSID = "com.atproto.identity.resolveHandle";

    private final AccountStore accounts;
    private final HandleRules rules;
    private final HandleResolver resolver;

    public ResolveHandle(AppContext context) {
        this.accounts = context.accounts();
        this.rules = new HandleRules(context.config().serviceHandleDomains());
        this.resolver = context.handleResolver();
    }

    @Override
    public String nsid() {
        return NSID;
    }

    @Override
    public XrpcResponse handle(XrpcRequest request) {
        // the lexicon's handle format was checked with the parameters; the reference adds no TLD rule here
        String handle = AccountStore.normalize(request.params().string("handle").orElseThrow());
        Optional<Account> hosted = accounts.byHandle(handle).filter(a -> a.status().isActive());
        if (hosted.isPresent()) {
            return answer(hosted.get().did());
        }
        if (rules.isServiceHandleOrDomain(handle)) {
            throw XrpcException.badRequest("HandleNotFound", "Unable to resolve handle");
        }
        Did did = resolver.resolve(handle)
                .orElseThrow(() -> XrpcException.invalidRequest("Unable to resolve handle"));
        return answer(did);
    }

    private static XrpcResponse answer(Did did) {
        ObjectNode out = XrpcJson.object();
        out.put("did", did.toString());
        return XrpcResponse.json(out);
    }
}
