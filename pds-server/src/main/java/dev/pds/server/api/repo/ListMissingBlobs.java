package dev.pds.server.api.repo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.blob.BlobLists;
import dev.pds.server.blob.BlobStore;
import dev.pds.server.xrpc.XrpcJson;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;
import java.util.Objects;

/**
 * {@code com.atproto.repo.listMissingBlobs}: blobs the caller's records reference but that were
 * never uploaded here, each with one record that references it; after a repo import (account
 * migration) the client uploads these.
 */
public final class ListMissingBlobs implements XrpcMethod {
    public static final String NSID = "com.atproto.repo.listMissingBlobs";

    private final BlobStore blobs;

    public ListMissingBlobs(BlobStore blobs) {
        this.blobs = Objects.requireNonNull(blobs, "blobs");
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
        int limit = request.params().integer("limit").orElse(500L).intValue();
        BlobLists.MissingPage page = blobs.listMissing(request.auth().requireDid(),
                request.params().string("cursor").orElse(null), limit);
        ObjectNode out = XrpcJson.object();
        if (page.cursor() != null) {
            out.put("cursor", page.cursor());
        }
        ArrayNode list = out.putArray("blobs");
        for (BlobLists.Missing missing : page.blobs()) {
            list.addObject().put("cid", missing.cid()).put("recordUri", missing.recordUri());
        }
        return XrpcResponse.json(out);
    }
}
