package dev.pds.server.blob;

import dev.pds.core.block.BlockSource;
import dev.pds.core.data.BlobRef;
import dev.pds.core.data.Cid;
import dev.pds.core.data.DagCbor;
import dev.pds.core.data.DataModelException;
import dev.pds.core.error.XrpcException;
import dev.pds.core.repo.CommitResult;
import dev.pds.core.repo.RepoOp;
import dev.pds.core.repo.WriteAction;
import dev.pds.core.store.CommitTableWrites;
import dev.pds.core.store.RepoStore;
import dev.pds.core.store.Table;
import dev.pds.core.store.TableWrites;
import dev.pds.core.syntax.Did;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where record writes meet the blobs. Before a commit, {@link #prepare} checks that every blob
 * the new records reference was uploaded by the account with the mime type and size the
 * reference claims (the reference PDS's errors: BlobNotFound, InvalidMimeType, InvalidSize),
 * and pins those blobs against the sweeper. Its result runs under the repo's lock once the
 * commit is built and gives the table writes for the commit's own batch: an {@code r/} key per
 * new reference, the removal of the references of records the commit replaced or deleted
 * (read from the old record through the op's {@code prev}), and a {@code g/} key for each blob
 * that lost a reference without gaining one, which the sweeper checks once the commit is
 * durable (deleting the blob if nothing references it any more).
 */
final class BlobReferences {
    private static final Logger LOG = LoggerFactory.getLogger(BlobReferences.class);

    private final RepoStore store;
    private final BlobGuard guard;
    private final Clock clock;

    BlobReferences(RepoStore store, BlobGuard guard, Clock clock) {
        this.store = store;
        this.guard = guard;
        this.clock = clock;
    }

    /**
     * @param cited every blob the batch's records cite, to check and pin
     * @param blobsByPath for each path the batch leaves written, the blobs of its final record
     * @param checked whether the blobs must exist (false for records an import brings before their blobs)
     */
    CommitTableWrites prepare(Did did, List<BlobRef> cited, Map<String, List<BlobRef>> blobsByPath, boolean checked) {
        long now = clock.millis();
        for (BlobRef blob : cited) {
            if (checked) {
                check(did, blob, now);
            } else {
                guard.pin(did, blob.ref(), now);
            }
        }
        return new CommitTableWrites() {
            @Override
            public TableWrites of(CommitResult result) {
                throw new IllegalStateException("blob references need the repo's blocks before the commit");
            }

            @Override
            public TableWrites of(CommitResult result, BlockSource before) {
                return tableWrites(did, blobsByPath, result, before);
            }
        };
    }

    private void check(Did did, BlobRef blob, long now) {
        if (blob.isLegacy()) {
            throw XrpcException.invalidRequest("Legacy blobs are not allowed (" + blob.ref() + ")");
        }
        Optional<BlobMeta> found = guard.locked(did, blob.ref(), () -> {
            guard.pin(did, blob.ref(), now);
            return store.get(Table.BLOBS, BlobKeys.meta(did, blob.ref())).map(BlobMeta::decode);
        });
        if (found.isEmpty()) {
            throw XrpcException.badRequest("BlobNotFound", "Could not find blob: " + blob.ref());
        }
        BlobMeta meta = found.get();
        if (!meta.mimeType().equals(blob.mimeType())) {
            throw XrpcException.badRequest("InvalidMimeType", "Referenced Mimetype does not match stored blob. Expected: "
                    + meta.mimeType() + ", Got: " + blob.mimeType());
        }
        if (meta.size() != blob.size()) {
            throw XrpcException.badRequest("InvalidSize", "Referenced Size does not match stored blob. Expected: "
                    + meta.size() + ", Got: " + blob.size());
        }
    }

    /** Runs under the repo's lock: the reference changes of this commit, for its batch. */
    private TableWrites tableWrites(Did did, Map<String, List<BlobRef>> blobsByPath, CommitResult result,
            BlockSource before) {
        TableWrites writes = TableWrites.create();
        byte[] rev = result.rev().getBytes(StandardCharsets.UTF_8);
        Set<Cid> lost = new LinkedHashSet<>();
        Set<Cid> gained = new LinkedHashSet<>();
        // removals first: an update that keeps a blob removes and re-adds its key
        for (RepoOp op : result.ops()) {
            if (op.action() != WriteAction.CREATE && op.prev() != null) {
                for (Cid cid : blobsOf(before, op.prev(), did, op.path())) {
                    writes.delete(Table.BLOBS, BlobKeys.ref(did, cid, op.path()));
                    lost.add(cid);
                }
            }
        }
        for (RepoOp op : result.ops()) {
            if (op.action() == WriteAction.DELETE) {
                continue;
            }
            for (BlobRef blob : blobsByPath.getOrDefault(op.path(), List.of())) {
                writes.put(Table.BLOBS, BlobKeys.ref(did, blob.ref(), op.path()), rev);
                gained.add(blob.ref());
            }
        }
        lost.removeAll(gained);
        byte[] when = BlobKeys.time(clock.millis()).getBytes(StandardCharsets.UTF_8);
        for (Cid cid : lost) {
            writes.put(Table.BLOBS, BlobKeys.gone(did, cid), when);
        }
        return writes;
    }

    /** The blobs the record with CID {@code recordCid} references, read from the repo's blocks. */
    private static Set<Cid> blobsOf(BlockSource before, Cid recordCid, Did did, String path) {
        byte[] block = before.get(recordCid);
        Set<Cid> cids = new LinkedHashSet<>();
        if (block == null) {
            LOG.warn("Record {} of {} at {} is not readable; its blob references stay", recordCid, did, path);
            return cids;
        }
        try {
            for (BlobRef blob : BlobRef.findAll(DagCbor.decode(block))) {
                cids.add(blob.ref());
            }
        } catch (DataModelException e) {
            LOG.warn("Record {} of {} at {} has a malformed blob ref: {}", recordCid, did, path, e.getMessage());
        }
        return cids;
    }
}
