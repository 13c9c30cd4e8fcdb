package dev.pds.server.api.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.error.XrpcException;
import dev.pds.core.store.RepoHead;
import dev.pds.core.store.RepoStore;
import dev.pds.core.syntax.Did;
import dev.pds.server.AppContext;
import dev.pds.server.account.AccountStore;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.xrpc.XrpcJson;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;

/** {@code com.atproto.sync.getLatestCommit}: the CID and rev of the repo's current commit. */
public final class GetLatestCommit implements XrpcMethod {
    public static final String NSID = "com.atproto.sync.getLatestCommit";

    private final AccountStore accounts;
    private final RepoStore store;

    public GetLatestCommit(AppContext context) {
        this.accounts = context.accounts();
        this.store = context.store();
    }

    @Override
    public String nsid() {
        return NSID;
    }

    @Override
    public AuthRequirement auth() {
        return AuthRequirement.OPTIONAL;
    }

    @Override
    public XrpcResponse handle(XrpcRequest request) {
        String did = request.params().string("did").orElseThrow();
        RepoAccess.available(accounts, did, request.credentials());
        RepoHead head = store.head(Did.parse(did))
                .orElseThrow(() -> XrpcException.badRequest("RepoNotFound", "Could not find root for DID: " + did));
        ObjectNode out = XrpcJson.object();
        out.put("cid", head.commit().toString());
        out.put("rev", head.rev());
        return XrpcResponse.json(out);
    }
}
