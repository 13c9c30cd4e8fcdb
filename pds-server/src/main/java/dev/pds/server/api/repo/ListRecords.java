package dev.pds.server.api.repo;

import dev.pds.core.data.Cid;
import dev.pds.core.error.XrpcException;
import dev.pds.core.store.RecordPage;
import dev.pds.core.store.RecordRefPage;
import dev.pds.core.store.RepoStore;
import dev.pds.core.syntax.Nsid;
import dev.pds.server.AppContext;
import dev.pds.server.account.Account;
import dev.pds.server.moderation.Takedowns;
import dev.pds.server.records.RecordJson;
import dev.pds.server.records.RenderedRecords;
import dev.pds.server.records.RepoTargets;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcParams;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code com.atproto.repo.listRecords}: a page of one collection. As in the reference PDS, the
 * newest record keys come first unless {@code reverse=true}; the cursor is the last record key
 * of the page, and absent once the collection is exhausted. Record values are rendered from
 * their DAG-CBOR once and then served from {@link RenderedRecords} by CID; only records not
 * held there are read from the store. Records a moderator took down are left out, so a page
 * may hold fewer than {@code limit}; its cursor still continues where the scan stopped.
 */
public final class ListRecords implements XrpcMethod {
    public static final String NSID = "com.atproto.repo.listRecords";

    private final RepoStore store;
    private final RepoTargets targets;
    private final RenderedRecords rendered;
    private final Takedowns takedowns;

    public ListRecords(AppContext context) {
        this.store = context.store();
        this.targets = new RepoTargets(context.accounts());
        this.takedowns = context.takedowns();
        this.rendered = new RenderedRecords(RenderedRecords.DEFAULT_MAX_BYTES);
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
        Nsid collection = Nsid.parse(params.string("collection").orElseThrow());
        Set<String> hidden = takedowns.recordsIn(account.did(), collection);
        RecordRefPage refs = without(hidden, store.records().listRecordRefs(account.did(), collection, limit, cursor, !reverse));
        byte[][] values = new byte[refs.size()][];
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            values[i] = rendered.get(refs.cids().get(i));
            if (values[i] == null) {
                missing.add(i);
            }
        }
        if (!missing.isEmpty()) {
            List<Cid> cids = new ArrayList<>(missing.size());
            missing.forEach(i -> cids.add(refs.cids().get(i)));
            List<byte[]> blocks = store.records().recordBlocks(account.did(), cids);
            for (int j = 0; j < missing.size(); j++) {
                if (blocks.get(j) == null) {
                    // a record went away between the two reads: the whole page again, at one moment
                    RecordPage page = without(hidden, store.records().listRecords(account.did(), collection, limit, cursor, !reverse));
                    return XrpcResponse.ownBytes(XrpcResponse.JSON, RecordJson.page(account.did(), page.records(), page.cursor()));
                }
                values[missing.get(j)] = rendered.render(cids.get(j), blocks.get(j));
            }
        }
        return XrpcResponse.ownBytes(XrpcResponse.JSON, RecordJson.page(account.did(), refs, values));
    }

    /** The page without the records taken down; the cursor stays where the scan stopped. */
    static RecordRefPage without(Set<String> hidden, RecordRefPage page) {
        if (hidden.isEmpty()) {
            return page;
        }
        List<String> rkeys = new ArrayList<>();
        List<Cid> cids = new ArrayList<>();
        for (int i = 0; i < page.size(); i++) {
            if (!hidden.contains(page.rkeys().get(i))) {
                rkeys.add(page.rkeys().get(i));
                cids.add(page.cids().get(i));
            }
        }
        return new RecordRefPage(page.collection(), rkeys, cids, page.cursor());
    }

    static RecordPage without(Set<String> hidden, RecordPage page) {
        if (hidden.isEmpty()) {
            return page;
        }
        return new RecordPage(page.records().stream().filter(r -> !hidden.contains(r.rkey())).toList(), page.cursor());
    }
}
