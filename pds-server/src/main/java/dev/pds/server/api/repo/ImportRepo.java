package dev.pds.server.api.repo;

import dev.pds.core.car.CarLimits;
import dev.pds.core.data.BlobRef;
import dev.pds.core.data.DagCbor;
import dev.pds.core.data.DataModelException;
import dev.pds.core.error.ErrorStatus;
import dev.pds.core.error.XrpcException;
import dev.pds.core.mst.Mst;
import dev.pds.core.mst.NodeCache;
import dev.pds.core.sync.RepoVerifier;
import dev.pds.core.sync.VerifiedRepo;
import dev.pds.core.syntax.Did;
import dev.pds.server.AppContext;
import dev.pds.server.account.Account;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code com.atproto.repo.importRepo}: the caller's repo becomes the export it sends (a CAR, as
 * the old server's getRepo gives it), for an account moving here. The export is verified first
 * (every block against its CID, one root commit naming the caller's DID, a well-formed tree,
 * every record present and a DAG-CBOR map); then its tree and records replace the repo's in one
 * commit signed with the account's key here, with a reference kept for every blob the records
 * cite, so that listMissingBlobs names the blobs still to upload. Nothing is half-written: a bad
 * export changes nothing. Like the reference, it needs a full session. An account still moving
 * here announces nothing (activating it does); an active one logs a {@code #sync} event.
 */
public final class ImportRepo implements XrpcMethod {
    public static final String NSID = "com.atproto.repo.importRepo";
    private static final Logger LOG = LoggerFactory.getLogger(ImportRepo.class);

    private final AppContext context;

    public ImportRepo(AppContext context) {
        this.context = context;
    }

    @Override
    public String nsid() {
        return NSID;
    }

    @Override
    public AuthRequirement auth() {
        return AuthRequirement.ACCESS_FULL;
    }

    @Override
    public long maxStreamedBodyBytes() {
        return context.config().imports().maxBytes();
    }

    @Override
    public XrpcResponse handle(XrpcRequest request) throws IOException {
        if (!context.config().imports().accepting()) {
            throw XrpcException.invalidRequest("Service is not accepting repo imports");
        }
        Did did = request.auth().requireDid();
        Account account = context.accounts().byDid(did)
                .orElseThrow(() -> XrpcException.badRequest("AccountNotFound", "user not found"));
        try {
            VerifiedRepo imported;
            try (InputStream car = request.body().open()) {
                imported = RepoVerifier.verify(car, CarLimits.DEFAULT.withMaxTotalBytes(maxStreamedBodyBytes()),
                        new RepoVerifier.Expect(did.toString(), null));
            }
            context.writer().importRepo(account, imported,
                    context.blobs().prepareImported(did, blobsByPath(imported)));
        } catch (OutOfMemoryError e) {
            // the whole export is held while it is checked and the commit built (about five times its
            // size); the heap runs out there, before the write (a failed synced write is the store's
            // own error), and the memory is free again once this returns
            LOG.warn("An import of {} bytes for {} did not fit the Java heap ({} MB); PDS_HEAP_MAX_MB gives a larger one",
                    request.body().length(), did, Runtime.getRuntime().maxMemory() >> 20);
            throw new XrpcException(ErrorStatus.PAYLOAD_TOO_LARGE, "PayloadTooLarge",
                    "This repo is too large for this server's memory; its operator can give it more (PDS_HEAP_MAX_MB)");
        }
        return XrpcResponse.empty();
    }

    /** The blobs each record of the export cites, by path (records citing none are left out). */
    private static Map<String, List<BlobRef>> blobsByPath(VerifiedRepo imported) {
        Map<String, List<BlobRef>> out = new HashMap<>();
        Mst.load(imported.blocks(), imported.data(), new NodeCache(0)).forEachLeaf(leaf -> {
            List<BlobRef> blobs;
            try {
                blobs = BlobRef.findAll(DagCbor.decode(imported.blocks().get(leaf.value())));
            } catch (DataModelException e) {
                throw XrpcException.invalidRequest("Could not parse record at '" + leaf.key() + "'");
            }
            if (!blobs.isEmpty()) {
                out.put(leaf.key(), blobs);
            }
        });
        return out;
    }
}
