package dev.pds.server.api.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.error.XrpcException;
import dev.pds.core.mst.Mst;
import dev.pds.core.mst.NodeCache;
import dev.pds.core.store.RepoHead;
import dev.pds.core.store.RepoSnapshot;
import dev.pds.core.sync.RepoExport;
import dev.pds.server.AppContext;
import dev.pds.server.account.Account;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.blob.BlobLists;
import dev.pds.server.xrpc.XrpcJson;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * {@code com.atproto.server.checkAccountStatus}: what a migrating account needs to know: is
 * it active, does its DID document point here, and what its repo holds (commit, rev, block
 * and record counts, counted from one snapshot), and how many blobs its records cite
 * ({@code expectedBlobs}) and how many of those are here ({@code importedBlobs}): after a repo
 * import, the blobs still to upload are the difference.
 */
public final class CheckAccountStatus implements XrpcMethod {
    public static final String NSID = "com.atproto.server.checkAccountStatus";
    private static final int NODE_CACHE = 256;

    private final AppContext context;

    public CheckAccountStatus(AppContext context) {
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
        Account account = context.accounts().byDid(request.auth().requireDid())
                .orElseThrow(() -> XrpcException.invalidRequest("Account not found"));
        ObjectNode out = XrpcJson.object();
        out.put("activated", account.status().isActive());
        out.put("validDid", ServiceDidCheck.problem(context, account).isEmpty());
        try (RepoSnapshot snapshot = context.store().snapshot(account.did())
                .orElseThrow(() -> XrpcException.invalidRequest("Repo not found"))) {
            RepoHead head = snapshot.head();
            RepoExport.Stats export = snapshot.writeCar(OutputStream.nullOutputStream());
            long[] records = {0};
            Mst.load(snapshot.blocks(), head.data(), new NodeCache(NODE_CACHE)).forEachLeaf(leaf -> records[0]++);
            out.put("repoCommit", head.commit().toString());
            out.put("repoRev", head.rev());
            out.put("repoBlocks", export.blocks());
            out.put("indexedRecords", records[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.put("privateStateValues", 0);
        BlobLists.Counts blobs = context.blobs().count(account.did());
        out.put("expectedBlobs", blobs.expected());
        out.put("importedBlobs", blobs.imported());
        return XrpcResponse.json(out);
    }
}
