package dev.pds.server.api.sync;

import dev.pds.core.block.BlockMap;
import dev.pds.core.block.BlockSource;
import dev.pds.core.car.CarHeader;
import dev.pds.core.car.CarWriter;
import dev.pds.core.data.Cid;
import dev.pds.core.error.XrpcException;
import dev.pds.core.store.RepoStore;
import dev.pds.core.syntax.Did;
import dev.pds.server.AppContext;
import dev.pds.server.account.AccountStore;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code com.atproto.sync.getBlocks}: the repo's blocks with the given CIDs, as a CAR without
 * roots. Any CID the repo does not hold fails the whole call, naming the missing ones, as the
 * reference PDS does (400 InvalidRequest, not the lexicon's BlockNotFound).
 */
public final class GetBlocks implements XrpcMethod {
    public static final String NSID = "com.atproto.sync.getBlocks";

    private final AccountStore accounts;
    private final RepoStore store;

    public GetBlocks(AppContext context) {
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
        RepoAccess.available(accounts, did, request.credentials());
        Set<Cid> wanted = new LinkedHashSet<>();
        for (Object cid : request.params().list("cids")) {
            wanted.add(Cid.parse((String) cid));
        }
        BlockSource source = store.blocks(Did.parse(did))
                .orElseThrow(() -> XrpcException.invalidRequest("Could not find repo for DID: " + did));
        BlockMap found = new BlockMap();
        List<String> missing = new ArrayList<>();
        for (Cid cid : wanted) {
            byte[] bytes = source.get(cid);
            if (bytes == null) {
                missing.add(cid.toString());
            } else {
                found.put(cid, bytes);
            }
        }
        if (!missing.isEmpty()) {
            throw XrpcException.invalidRequest("Could not find cids: " + String.join(",", missing));
        }
        return XrpcResponse.bytes(GetRepo.CAR, CarWriter.toBytes(CarHeader.withoutRoots(), found));
    }
}
