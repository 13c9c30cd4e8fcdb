package dev.pds.server.api.sync;

import dev.pds.core.error.XrpcException;
import dev.pds.core.store.RepoHead;
import dev.pds.core.store.RepoSnapshot;
import dev.pds.core.store.RepoStore;
import dev.pds.core.syntax.Did;
import dev.pds.server.AppContext;
import dev.pds.server.account.AccountStore;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.ratelimit.RateLimits;
import dev.pds.server.xrpc.RouteLimit;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * {@code com.atproto.sync.getRepo}: the whole repo as a CAR, read from one store snapshot (so
 * writes during a long download do not mix in), or with {@code since} only the blocks added by
 * commits after that rev, as the reference PDS answers it. Answers are written to a file first
 * and sent from it (see {@link RepoCarCache}): a full export is kept until the repo's head moves,
 * and a slow client holds a file, not a worker thread or a store snapshot. {@link #checkout()}
 * answers the deprecated {@code com.atproto.sync.getCheckout} (a full export) from the same files.
 */
public final class GetRepo implements XrpcMethod {
    public static final String NSID = "com.atproto.sync.getRepo";
    public static final String CHECKOUT_NSID = "com.atproto.sync.getCheckout";
    public static final String CAR = "application/vnd.ipld.car";
    /** Where full exports are kept, under the data folder; emptied at startup. */
    public static final String CACHE_FOLDER = "cache/repo-car";
    static final long CACHE_BYTES = 256L << 20;

    private final String nsid;
    private final AccountStore accounts;
    private final RepoStore store;
    private final RepoCarCache cache;

    public GetRepo(AppContext context) {
        this(context, CACHE_BYTES);
    }

    /** With at most {@code cacheBytes} of full exports kept under the data folder. */
    public GetRepo(AppContext context, long cacheBytes) {
        this(NSID, context.accounts(), context.store(),
                new RepoCarCache(context.config().dataDirectory().resolve(CACHE_FOLDER), cacheBytes));
    }

    private GetRepo(String nsid, AccountStore accounts, RepoStore store, RepoCarCache cache) {
        this.nsid = nsid;
        this.accounts = accounts;
        this.store = store;
        this.cache = cache;
    }

    /** {@code com.atproto.sync.getCheckout}, deprecated by getRepo: a full export, kept with getRepo's. */
    public GetRepo checkout() {
        return new GetRepo(CHECKOUT_NSID, accounts, store, cache);
    }

    @Override
    public String nsid() {
        return nsid;
    }

    /** Outside the global limit (exports are large and few), with one of its own per address. */
    @Override
    public List<RouteLimit> rateLimits() {
        return List.of(RouteLimit.perIp(RateLimits.GET_REPO));
    }

    /** Anyone; the account itself may also read its repo while deactivated or taken down. */
    @Override
    public AuthRequirement auth() {
        return AuthRequirement.OPTIONAL_EXPORT;
    }

    @Override
    public XrpcResponse handle(XrpcRequest request) throws IOException {
        String did = request.params().string("did").orElseThrow();
        Optional<RepoHead> found;
        try {
            RepoAccess.available(accounts, did, request.credentials());
            found = store.head(Did.parse(did));
        } catch (XrpcException e) {
            if (Did.isValid(did)) {
                cache.forget(Did.parse(did)); // deleted or taken down: its kept export goes too
            }
            throw e;
        }
        if (found.isEmpty()) {
            cache.forget(Did.parse(did));
            throw notFound(did);
        }
        RepoHead head = found.get();
        String since = NSID.equals(nsid) ? request.params().string("since").orElse(null) : null;
        if (since == null) {
            Optional<RepoCarCache.CarFile> kept = cache.find(head);
            if (kept.isPresent()) {
                return answer(kept.get());
            }
        }
        try (RepoSnapshot snapshot = store.snapshot(Did.parse(did)).orElseThrow(() -> notFound(did))) {
            // the snapshot's head may be newer than the one looked up: it is the one exported
            RepoCarCache.CarFile car = since == null
                    ? cache.export(snapshot.head(), snapshot::writeCar)
                    : cache.spool(out -> snapshot.writeCarSince(since, out));
            return answer(car);
        }
    }

    private static XrpcResponse answer(RepoCarCache.CarFile car) {
        return XrpcResponse.file(CAR, car.channel(), 0, car.size());
    }

    private static XrpcException notFound(String did) {
        return XrpcException.invalidRequest("Could not find repo for DID: " + did);
    }
}
