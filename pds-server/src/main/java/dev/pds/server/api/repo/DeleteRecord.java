package dev.pds.server.api.repo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.data.Cid;
import dev.pds.core.store.AppliedCommit;
import dev.pds.core.store.RepoStore;
import dev.pds.core.syntax.Nsid;
import dev.pds.core.syntax.RecordKey;
import dev.pds.server.AppContext;
import dev.pds.server.account.Account;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.records.PreparedWrite;
import dev.pds.server.records.RecordJson;
import dev.pds.server.records.RecordWriter;
import dev.pds.server.records.RepoTargets;
import dev.pds.server.records.WritePreparer;
import dev.pds.server.xrpc.RouteLimit;
import dev.pds.server.xrpc.XrpcJson;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;
import java.util.List;

/**
 * {@code com.atproto.repo.deleteRecord}. Deleting a record that does not exist changes nothing
 * and answers {@code {}} without a commit (whatever the swaps say), as the reference PDS does.
 */
public final class DeleteRecord implements XrpcMethod {
    public static final String NSID = "com.atproto.repo.deleteRecord";

    private final RepoStore store;
    private final RepoTargets targets;
    private final WritePreparer preparer;
    private final RecordWriter writer;

    public DeleteRecord(AppContext context) {
        this.store = context.store();
        this.targets = new RepoTargets(context.accounts());
        this.preparer = new WritePreparer(context.lexicons().schemas(), context.store().tids());
        this.writer = new RecordWriter(context.writer(), context.recordBlobs());
    }

    @Override
    public String nsid() {
        return NSID;
    }

    @Override
    public List<RouteLimit> rateLimits() {
        return RepoInput.writeLimits(r -> RepoInput.DELETE_COST);
    }

    @Override
    public AuthRequirement auth() {
        return AuthRequirement.ACCESS;
    }

    @Override
    public XrpcResponse handle(XrpcRequest request) {
        JsonNode in = request.json();
        Account account = targets.writable(request.auth(), RepoInput.text(in, "repo"));
        String collection = RepoInput.text(in, "collection");
        request.auth().permissions().assertRepo("delete", collection);
        String rkey = RepoInput.text(in, "rkey");
        PreparedWrite write = preparer.delete(collection, rkey);
        if (store.records().getRecord(account.did(), Nsid.parse(collection), RecordKey.parse(rkey)).isEmpty()) {
            return XrpcResponse.json(XrpcJson.object());
        }
        Cid swapRecord = RepoInput.cid(in, "swapRecord");
        if (swapRecord != null) {
            write = write.withSwapRecord(swapRecord);
        }
        AppliedCommit applied = writer.commit(account, List.of(write), RepoInput.cid(in, "swapCommit"));
        ObjectNode out = XrpcJson.object();
        out.set("commit", RecordJson.commitMeta(applied.result()));
        return XrpcResponse.json(out);
    }
}
