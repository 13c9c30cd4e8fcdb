package dev.pds.server.api.repo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.data.Cid;
import dev.pds.core.data.DagCbor;
import dev.pds.core.lexicon.ValidateMode;
import dev.pds.core.store.AppliedCommit;
import dev.pds.core.store.RepoStore;
import dev.pds.core.store.StoredRecord;
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
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;
import java.util.List;
import java.util.Optional;

/**
 * {@code com.atproto.repo.putRecord}: creates or replaces the record at a key. Writing the
 * record that is already there changes nothing and answers without a commit, as the reference
 * PDS does. {@code swapRecord} null means the record must not exist yet.
 */
public final class PutRecord implements XrpcMethod {
    public static final String NSID = "com.atproto.repo.putRecord";

    private final RepoStore store;
    private final RepoTargets targets;
    private final WritePreparer preparer;
    private final RecordWriter writer;

    public PutRecord(AppContext context) {
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
        return RepoInput.writeLimits(r -> RepoInput.UPDATE_COST);
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
        // an upsert: the caller must be allowed both, as in the reference PDS
        request.auth().permissions().assertRepo("create", collection);
        request.auth().permissions().assertRepo("update", collection);
        String rkey = RepoInput.text(in, "rkey");
        ValidateMode mode = RepoInput.validate(in);
        Optional<StoredRecord> current = store.records().getRecord(account.did(), Nsid.parse(collection), RecordKey.parse(rkey));
        PreparedWrite write = current.isPresent()
                ? preparer.update(collection, rkey, in.get("record"), mode, "record")
                : preparer.create(collection, rkey, in.get("record"), mode, "record");
        if (in.has("swapRecord")) {
            write = write.withSwapRecord(RepoInput.cid(in, "swapRecord"));
        }
        if (current.isPresent()) {
            Cid cid = DagCbor.cidOf(write.op().record());
            if (cid.equals(current.get().cid())) {
                return XrpcResponse.json(WriteAnswers.written(account.did(), write, cid));
            }
        }
        AppliedCommit applied = writer.commit(account, List.of(write), RepoInput.cid(in, "swapCommit"));
        ObjectNode out = WriteAnswers.written(account.did(), write, applied.result().written().get(0));
        out.set("commit", RecordJson.commitMeta(applied.result()));
        return XrpcResponse.json(out);
    }
}
