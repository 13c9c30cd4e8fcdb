package dev.pds.server.api.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.store.RepoStore;
import dev.pds.server.AppContext;
import dev.pds.server.account.Account;
import dev.pds.server.account.AccountStore;
import dev.pds.server.xrpc.XrpcJson;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;

/**
 * {@code com.atproto.sync.getRepoStatus}: whether the repo is served, and if not why; the rev
 * only while active. Answers for inactive accounts too (RepoNotFound only for unknown DIDs).
 */
public final class GetRepoStatus implements XrpcMethod {
    public static final String NSID = "com.atproto.sync.getRepoStatus";

    private final AccountStore accounts;
    private final RepoStore store;

    public GetRepoStatus(AppContext context) {
        this.accounts = context.accounts();
        this.store = context.store();
    }

    @Override
    public String nsid() {
        return NSID;
    }

    @Override
    public XrpcResponse handle(XrpcRequest request) {
        String did = request.params().string("did").orElseThrow();
        Account account = RepoAccess.exists(accounts, did);
        ObjectNode out = XrpcJson.object();
        out.put("did", did);
        boolean active = account.status().isActive();
        out.put("active", active);
        if (!active) {
            out.put("status", account.status().wireName());
        } else {
            store.head(account.did()).ifPresent(head -> out.put("rev", head.rev()));
        }
        return XrpcResponse.json(out);
    }
}
