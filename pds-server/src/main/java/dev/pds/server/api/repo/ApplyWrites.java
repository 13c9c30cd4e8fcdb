package dev.pds.server.api.repo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.data.Cid;
import dev.pds.core.error.XrpcException;
import dev.pds.core.lexicon.ValidateMode;
import dev.pds.core.repo.Repo;
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
import dev.pds.server.xrpc.XrpcJson;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code com.atproto.repo.applyWrites}: up to {@value Repo#MAX_WRITES} creates, updates and
 * deletes as one commit, all or nothing. Each result carries its {@code $type}, in the order
 * of the writes.
 */
public final class ApplyWrites implements XrpcMethod {
    public static final String NSID = "com.atproto.repo.applyWrites";
    static final String CREATE = NSID + "#create";
    static final String UPDATE = NSID + "#update";
    static final String DELETE = NSID + "#delete";

    private final RepoTargets targets;
    private final WritePreparer preparer;
    private final RecordWriter writer;

    public ApplyWrites(AppContext context) {
        this.targets = new RepoTargets(context.accounts());
        this.preparer = new WritePreparer(context.lexicons().schemas(), context.store().tids());
        this.writer = new RecordWriter(context.writer(), context.recordBlobs());
    }

    @Override
    public String nsid() {
        return NSID;
    }

    /** The sum of its writes' costs ({@link RepoInput#CREATE_COST} and the others). */
    @Override
    public List<RouteLimit> rateLimits() {
        return RepoInput.writeLimits(r -> {
            int points = 0;
            for (JsonNode w : r.json().path("writes")) {
                String type = w.path("$type").asText("");
                points += type.endsWith("#create") ? RepoInput.CREATE_COST
                        : type.endsWith("#update") ? RepoInput.UPDATE_COST : RepoInput.DELETE_COST;
            }
            return points;
        });
    }

    @Override
    public AuthRequirement auth() {
        return AuthRequirement.ACCESS;
    }

    @Override
    public XrpcResponse handle(XrpcRequest request) {
        JsonNode in = request.json();
        Account account = targets.writable(request.auth(), RepoInput.text(in, "repo"));
        JsonNode writes = in.get("writes");
        if (writes.size() > Repo.MAX_WRITES) {
            throw XrpcException.invalidRequest("Too many writes. Max: " + Repo.MAX_WRITES);
        }
        ValidateMode mode = RepoInput.validate(in);
        List<PreparedWrite> prepared = new ArrayList<>(writes.size());
        for (int i = 0; i < writes.size(); i++) {
            JsonNode w = writes.get(i);
            String action = switch (w.path("$type").asText()) {
                case CREATE -> "create";
                case UPDATE -> "update";
                case DELETE -> "delete";
                default -> null;
            };
            if (action != null) {
                request.auth().permissions().assertRepo(action, RepoInput.text(w, "collection"));
            }
            prepared.add(prepare(w, mode, "writes/" + i + "/value"));
        }
        AppliedCommit applied = writer.commit(account, prepared, RepoInput.cid(in, "swapCommit"));

        ObjectNode out = XrpcJson.object();
        out.set("commit", RecordJson.commitMeta(applied.result()));
        ArrayNode results = out.putArray("results");
        List<Cid> written = applied.result().written();
        for (int i = 0; i < prepared.size(); i++) {
            PreparedWrite write = prepared.get(i);
            ObjectNode result = switch (write.action()) {
                case CREATE -> WriteAnswers.written(account.did(), write, written.get(i)).put("$type", NSID + "#createResult");
                case UPDATE -> WriteAnswers.written(account.did(), write, written.get(i)).put("$type", NSID + "#updateResult");
                case DELETE -> XrpcJson.object().put("$type", NSID + "#deleteResult");
            };
            results.add(result);
        }
        return XrpcResponse.json(out);
    }

    private PreparedWrite prepare(JsonNode w, ValidateMode mode, String where) {
        String type = w.path("$type").asText();
        String collection = RepoInput.text(w, "collection");
        return switch (type) {
            case CREATE -> preparer.create(collection, RepoInput.optionalText(w, "rkey"), w.get("value"), mode, where);
            case UPDATE -> preparer.update(collection, RepoInput.text(w, "rkey"), w.get("value"), mode, where);
            case DELETE -> preparer.delete(collection, RepoInput.text(w, "rkey"));
            default -> throw XrpcException.invalidRequest("Action not supported: " + type);
        };
    }
}
