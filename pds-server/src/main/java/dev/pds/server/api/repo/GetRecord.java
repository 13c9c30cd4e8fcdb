package dev.pds.server.api.repo;

import dev.pds.core.data.Cid;
import dev.pds.core.error.XrpcException;
import dev.pds.core.store.RepoStore;
import dev.pds.core.store.StoredRecord;
import dev.pds.core.syntax.Nsid;
import dev.pds.core.syntax.RecordKey;
import dev.pds.server.AppContext;
import dev.pds.server.account.Account;
import dev.pds.server.moderation.Takedowns;
import dev.pds.server.records.RecordJson;
import dev.pds.server.records.RepoTargets;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcParams;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;
import java.util.Optional;

/**
 * {@code com.atproto.repo.getRecord}: a hosted record as JSON, with its CID. With {@code cid}
 * given, only that version is returned. Repos not hosted here answer InvalidRequest, as the
 * reference PDS does when it has no app view to ask. A record a moderator took down is not found.
 */
public final class GetRecord implements XrpcMethod {
    public static final String NSID = "com.atproto.repo.getRecord";

    private final RepoStore store;
    private final RepoTargets targets;
    private final Takedowns takedowns;

    public GetRecord(AppContext context) {
        this.store = context.store();
        this.targets = new RepoTargets(context.accounts());
        this.takedowns = context.takedowns();
    }

    @Override
    public String nsid() {
        return NSID;
    }

    @Override
    public XrpcResponse handle(XrpcRequest request) {
        XrpcParams params = request.params();
        String collection = params.string("collection").orElseThrow();
        String rkey = params.string("rkey").orElseThrow();
        Account account = targets.readable(params.string("repo").orElseThrow())
                .orElseThrow(() -> XrpcException.invalidRequest("Could not locate record"));
        Optional<StoredRecord> record = store.records().getRecord(account.did(), Nsid.parse(collection), RecordKey.parse(rkey));
        Optional<Cid> wanted = params.string("cid").map(Cid::parse);
        if (record.isEmpty() || (wanted.isPresent() && !wanted.get().equals(record.get().cid()))
                || takedowns.record(account.did(), collection, rkey).isPresent()) {
            throw XrpcException.badRequest("RecordNotFound",
                    "Could not locate record: " + RecordJson.uri(account.did(), collection, rkey));
        }
        return XrpcResponse.ownBytes(XrpcResponse.JSON, RecordJson.record(account.did(), record.get()));
    }
}
