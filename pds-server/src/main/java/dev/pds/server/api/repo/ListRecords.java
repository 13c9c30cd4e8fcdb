package dev.pds.server.api.repo;

import dev.pds.core.error.XrpcException;
import dev.pds.core.store.RecordPage;
import dev.pds.core.store.RepoStore;
import dev.pds.core.syntax.Nsid;
import dev.pds.server.AppContext;
import dev.pds.server.account.Account;
import dev.pds.server.records.RecordJson;
import dev.pds.server.records.RepoTargets;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcParams;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;

/**
 * {@code com.atproto.repo.listRecords}: a page of one collection. As in the reference PDS, the
 * newest record keys come first unless {@code reverse=true}; the cursor is the last record key
 * of the page, and absent once the collection is exhausted.
 */
public final class ListRecords implements XrpcMethod {
    public static final String NSID = "com.atproto.repo.listRecords";

    private final RepoStore store;
    private final RepoTargets targets;

    public ListRecords(AppContext context) {
        this.store = context.store();
        this.targets = new RepoTargets(context.accounts());
    }

    @Override
    public String nsid() {
        return NSID;
    }

    @Override
    public XrpcResponse handle(XrpcRequest request) {
        XrpcParams params = request.params();
        String repo = params.string("repo").orElseThrow();
        Account account = targets.readable(repo)
                .orElseThrow(() -> XrpcException.invalidRequest("Could not find repo: " + repo));
        // the lexicon checked 1..100 and filled in the default
        int limit = params.integer("limit").orElse(50L).intValue();
        boolean reverse = params.bool("reverse").orElse(false);
        String cursor = params.string("cursor").orElse(null);
        RecordPage page = store.listRecords(account.did(), Nsid.parse(params.string("collection").orElseThrow()), limit,
                cursor, !reverse);
        return XrpcResponse.bytes(XrpcResponse.JSON, RecordJson.page(account.did(), page.records(), page.cursor()));
    }
}
