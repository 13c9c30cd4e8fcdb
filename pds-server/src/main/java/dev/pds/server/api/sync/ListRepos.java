package dev.pds.server.api.sync;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.store.RepoHead;
import dev.pds.core.store.RepoPage;
import dev.pds.core.store.RepoStore;
import dev.pds.server.AppContext;
import dev.pds.server.account.Account;
import dev.pds.server.account.AccountStore;
import dev.pds.server.xrpc.XrpcJson;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;
import java.util.Optional;

/**
 * {@code com.atproto.sync.listRepos}: every hosted repo with its head, rev and account status,
 * in DID order; the cursor is the last DID of the page (opaque to clients, like the reference's
 * creation-time cursor). Repos without an account here are left out, as the reference's join does.
 */
public final class ListRepos implements XrpcMethod {
    public static final String NSID = "com.atproto.sync.listRepos";
    private static final int DEFAULT_LIMIT = 500;

    private final AccountStore accounts;
    private final RepoStore store;

    public ListRepos(AppContext context) {
        this.accounts = context.accounts();
        this.store = context.store();
    }

    @Override
    public String nsid() {
        return NSID;
    }

    @Override
    public XrpcResponse handle(XrpcRequest request) {
        int limit = request.params().integer("limit").map(Long::intValue).orElse(DEFAULT_LIMIT);
        String cursor = request.params().string("cursor").orElse(null);
        RepoPage page = store.listRepos(cursor, limit);
        ObjectNode out = XrpcJson.object();
        ArrayNode repos = out.putArray("repos");
        for (RepoHead head : page.repos()) {
            Optional<Account> account = accounts.byDid(head.did());
            if (account.isEmpty()) {
                continue;
            }
            ObjectNode repo = repos.addObject();
            repo.put("did", head.did().toString());
            repo.put("head", head.commit().toString());
            repo.put("rev", head.rev());
            boolean active = account.get().status().isActive();
            repo.put("active", active);
            if (!active) {
                repo.put("status", account.get().status().wireName());
            }
        }
        if (page.cursor() != null) {
            out.put("cursor", page.cursor());
        }
        return XrpcResponse.json(out);
    }
}
