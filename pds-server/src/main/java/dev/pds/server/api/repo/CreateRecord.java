package dev.pds.server.api.repo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.store.AppliedCommit;
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

/** {@code com.atproto.repo.createRecord}: one new record in the caller's repo, as one commit. */
public final class CreateRecord implements XrpcMethod {
    public static final String NSID = "com.atproto.repo.createRecord";

    private final RepoTargets targets;
    private final WritePreparer preparer;
    private final RecordWriter writer;

    public CreateRecord(AppContext context) {
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
        return RepoInput.writeLimits(r -> RepoInput.CREATE_COST);
    }

    @Override
    public AuthRequirement auth() {
        return AuthRequirement.ACCESS;
    }

    @Override
    public XrpcResponse handle(XrpcRequest request) {
        JsonNode in = request.json();
        Account account = targets.writable(request.auth(), RepoInput.text(in, "repo"));
        request.auth().permissions().assertRepo("create", RepoInput.text(in, "collection"));
        PreparedWrite write = preparer.create(RepoInput.text(in, "collection"), RepoInput.optionalText(in, "rkey"),
                in.get("record"), RepoInput.validate(in), "record");
        AppliedCommit applied = writer.commit(account, List.of(write), RepoInput.cid(in, "swapCommit"));
        ObjectNode out = WriteAnswers.written(account.did(), write, applied.result().written().get(0));
        out.set("commit", RecordJson.commitMeta(applied.result()));
        return XrpcResponse.json(out);
    }
}
