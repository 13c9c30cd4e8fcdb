package dev.pds.server.api.sync;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.syntax.Did;
import dev.pds.server.AppContext;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.blob.BlobLists;
import dev.pds.server.xrpc.XrpcJson;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;

/**
 * {@code com.atproto.sync.listBlobs}: the CIDs of the blobs an account's records reference, in
 * CID order, optionally only those referenced by records written after the rev {@code since}.
 */
public final class ListBlobs implements XrpcMethod {
    public static final String NSID = "com.atproto.sync.listBlobs";

    private final AppContext context;

    public ListBlobs(AppContext context) {
        this.context = context;
    }

    @Override
    public String nsid() {
        return NSID;
    }

    @Override
    public AuthRequirement auth() {
        return AuthRequirement.OPTIONAL_EXPORT;
    }

    @Override
    public XrpcResponse handle(XrpcRequest request) {
        String did = request.params().string("did").orElseThrow();
        RepoAccess.available(context.accounts(), did, request.credentials());
        int limit = request.params().integer("limit").orElse(500L).intValue();
        BlobLists.Page page = context.blobs().listBlobs(Did.parse(did), request.params().string("since").orElse(null),
                request.params().string("cursor").orElse(null), limit);
        ObjectNode out = XrpcJson.object();
        if (page.cursor() != null) {
            out.put("cursor", page.cursor());
        }
        ArrayNode cids = out.putArray("cids");
        page.cids().forEach(cids::add);
        return XrpcResponse.json(out);
    }
}
