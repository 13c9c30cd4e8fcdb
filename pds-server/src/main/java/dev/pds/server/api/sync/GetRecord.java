package dev.pds.server.api.sync;

import dev.pds.core.error.XrpcException;
import dev.pds.core.mst.NodeCache;
import dev.pds.core.store.RepoSnapshot;
import dev.pds.core.store.RepoStore;
import dev.pds.core.sync.RecordProof;
import dev.pds.core.syntax.Did;
import dev.pds.server.AppContext;
import dev.pds.server.account.AccountStore;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;

/**
 * {@code com.atproto.sync.getRecord}: a CAR proving a record against the repo's signed commit:
 * the commit, the MST nodes on the key's path, and the record. For a key that is not there the
 * same nodes prove its absence, and the answer is still 200, as with the reference PDS.
 */
public final class GetRecord implements XrpcMethod {
    public static final String NSID = "com.atproto.sync.getRecord";
    /** Nodes are immutable by CID, so one cache serves every repo's proofs. */
    private static final int CACHED_NODES = 4096;

    private final AccountStore accounts;
    private final RepoStore store;
    private final NodeCache nodes = new NodeCache(CACHED_NODES);

    public GetRecord(AppContext context) {
        this.accounts = context.accounts();
        this.store = context.store();
    }

    @Override
    public String nsid() {
        return NSID;
    }

    @Override
    public AuthRequirement auth() {
        return AuthRequirement.OPTIONAL;
    }

    @Override
    public XrpcResponse handle(XrpcRequest request) {
        String did = request.params().string("did").orElseThrow();
        String collection = request.params().string("collection").orElseThrow();
        String rkey = request.params().string("rkey").orElseThrow();
        RepoAccess.available(accounts, did, request.credentials());
        // one snapshot, so the commit and the nodes below it are read at the same state
        try (RepoSnapshot snapshot = store.snapshot(Did.parse(did))
                .orElseThrow(() -> XrpcException.invalidRequest("Could not find repo for DID: " + did))) {
            byte[] car = RecordProof.car(snapshot.blocks(), snapshot.head().commit(), collection, rkey, nodes);
            return XrpcResponse.bytes(GetRepo.CAR, car);
        }
    }
}
