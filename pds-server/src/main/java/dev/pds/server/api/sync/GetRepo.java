package dev.pds.server.api.sync;

import dev.pds.core.error.XrpcException;
import dev.pds.core.store.RepoSnapshot;
import dev.pds.core.store.RepoStore;
import dev.pds.core.syntax.Did;
import dev.pds.server.AppContext;
import dev.pds.server.account.AccountStore;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.xrpc.BodyWriter;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code com.atproto.sync.getRepo}: the whole repo as a CAR, streamed from one store snapshot
 * (so writes during a long download do not mix in), or with {@code since} only the blocks added
 * by commits after that rev, as the reference PDS answers it.
 */
public final class GetRepo implements XrpcMethod {
    public static final String NSID = "com.atproto.sync.getRepo";
    public static final String CAR = "application/vnd.ipld.car";

    private final AccountStore accounts;
    private final RepoStore store;

    public GetRepo(AppContext context) {
        this.accounts = context.accounts();
        this.store = context.store();
    }

    @Override
    public String nsid() {
        return NSID;
    }

    /** Anyone; the account itself may also read its repo while deactivated or taken down. */
    @Override
    public AuthRequirement auth() {
        return AuthRequirement.OPTIONAL;
    }

    @Override
    public XrpcResponse handle(XrpcRequest request) {
        String did = request.params().string("did").orElseThrow();
        RepoAccess.available(accounts, did, request.credentials());
        String since = request.params().string("since").orElse(null);
        RepoSnapshot snapshot = store.snapshot(Did.parse(did))
                .orElseThrow(() -> XrpcException.invalidRequest("Could not find repo for DID: " + did));
        return XrpcResponse.stream(CAR, -1, new SnapshotCar(snapshot, since));
    }

    /** The export of one snapshot, which it releases when done or never sent. */
    private static final class SnapshotCar implements BodyWriter, AutoCloseable {
        private final RepoSnapshot snapshot;
        private final String since;
        private final AtomicBoolean closed = new AtomicBoolean();

        SnapshotCar(RepoSnapshot snapshot, String since) {
            this.snapshot = snapshot;
            this.since = since;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            if (since == null) {
                snapshot.writeCar(out);
            } else {
                snapshot.writeCarSince(since, out);
            }
        }

        @Override
        public void close() {
            // releasing a RocksDB snapshot twice would free native memory twice
            if (closed.compareAndSet(false, true)) {
                snapshot.close();
            }
        }
    }
}
