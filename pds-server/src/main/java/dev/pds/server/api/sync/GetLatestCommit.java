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

/**
 * {@code com.atproto.sync.getLatestCommit}: the CID and rev of the repo's current commit. Its
 * deprecated forerunner {@code com.atproto.sync.getHead} ({@link #head}), still answered by the
 * reference for older sync clients, gives the CID alone, as {@code root}.
 */
public final class GetLatestCommit implements XrpcMethod {
    public static final String NSID = "com.atproto.sync.getLatestCommit";
    public static final String HEAD_NSID = "com.atproto.sync.getHead";

    private final String nsid;
    private final AccountStore accounts;
    private final RepoStore store;

    public GetLatestCommit(AppContext context) {
        this(NSID, context);
    }

    private GetLatestCommit(String nsid, AppContext context) {
        this.nsid = nsid;
        this.accounts = context.accounts();
        this.store = context.store();
    }

    /** {@code com.atproto.sync.getHead}. */
    public static GetLatestCommit head(AppContext context) {
        return new GetLatestCommit(HEAD_NSID, context);
    }

    @Override
    public String nsid() {
        return nsid;
    }

    @Override
    public AuthRequirement auth() {
        return AuthRequirement.OPTIONAL;
    }

    @Override
    public XrpcResponse handle(XrpcRequest request) {
        String did = request.params().string("did").orElseThrow();
        RepoAccess.available(accounts, did, request.credentials());
        boolean legacy = HEAD_NSID.equals(nsid);
        RepoHead head = store.head(Did.parse(did)).orElseThrow(() -> XrpcException.badRequest(
                legacy ? "HeadNotFound" : "RepoNotFound", "Could not find root for DID: " + did));
        ObjectNode out = XrpcJson.object();
        if (legacy) {
            out.put("root", head.commit().toString());
        } else {
            out.put("cid", head.commit().toString());
            out.put("rev", head.rev());
        }
        return XrpcResponse.json(out);
    }
}
