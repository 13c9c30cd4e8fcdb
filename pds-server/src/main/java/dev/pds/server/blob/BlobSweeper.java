package dev.pds.server.blob;

import dev.pds.core.data.Cid;
import dev.pds.core.store.RepoStore;
import dev.pds.core.store.Table;
import dev.pds.core.store.TableEntry;
import dev.pds.core.store.TableWrites;
import dev.pds.core.syntax.Did;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes blobs nothing needs: those whose last record reference a commit removed (its
 * {@code g/} key) unless they were uploaded again since, and uploads older than the temporary
 * lifetime that no record took. Works on durable state, one blob at a time under its lock; a
 * blob a commit in flight has pinned is left for a later pass. The file goes first, then the
 * keys: a crash in between leaves metadata the next pass removes, never a record pointing at
 * metadata without bytes that an upload could not repair.
 */
public final class BlobSweeper {
    private static final Logger LOG = LoggerFactory.getLogger(BlobSweeper.class);
    private static final int PAGE = 500;

    /** What one pass did: blobs deleted, and blobs left for later because a commit had pinned them. */
    public record Result(int deleted, int deferred) {
    }

    private final RepoStore store;
    private final BlobFiles files;
    private final BlobGuard guard;
    private final long lifetimeMillis;

    BlobSweeper(RepoStore store, BlobFiles files, BlobGuard guard, Duration tempLifetime) {
        this.store = store;
        this.files = files;
        this.guard = guard;
        this.lifetimeMillis = tempLifetime.toMillis();
    }

    /** One pass at time {@code nowMillis}; single-threaded by its caller. */
    synchronized Result sweep(long nowMillis) {
        int[] counts = new int[2];
        byte[] after = null;
        byte[] prefix = BlobKeys.bytes(BlobKeys.GONE);
        List<TableEntry> page;
        do {
            page = store.scan(Table.BLOBS, prefix, after, PAGE, false);
            for (TableEntry entry : page) {
                String[] parts = BlobKeys.parts(entry.key(), 2);
                long lostAt = BlobKeys.parseTime(new String(entry.value(), StandardCharsets.UTF_8));
                count(counts, dereferenced(Did.parse(parts[0]), Cid.parse(parts[1]), lostAt, nowMillis));
                after = entry.key();
            }
        } while (page.size() == PAGE);

        long cutoff = nowMillis - lifetimeMillis;
        prefix = BlobKeys.bytes(BlobKeys.UPLOADED);
        after = null;
        boolean more = true;
        while (more) {
            page = store.scan(Table.BLOBS, prefix, after, PAGE, false);
            for (TableEntry entry : page) {
                String[] parts = BlobKeys.parts(entry.key(), 3);
                long uploadedAt = BlobKeys.parseTime(parts[0]);
                if (uploadedAt >= cutoff) {
                    more = false;
                    break;
                }
                count(counts, expired(Did.parse(parts[1]), Cid.parse(parts[2]), uploadedAt, nowMillis));
                after = entry.key();
            }
            more = more && page.size() == PAGE;
        }
        guard.prune(nowMillis);
        if (counts[0] > 0) {
            LOG.info("Deleted {} unreferenced blob(s); {} left for a later pass", counts[0], counts[1]);
        }
        return new Result(counts[0], counts[1]);
    }

    private enum Outcome { KEPT, DELETED, DEFERRED }

    private static void count(int[] counts, Outcome outcome) {
        if (outcome == Outcome.DELETED) {
            counts[0]++;
        } else if (outcome == Outcome.DEFERRED) {
            counts[1]++;
        }
    }

    /** A commit took away a reference at {@code lostAt}: delete the blob if that was the last one. */
    private Outcome dereferenced(Did did, Cid cid, long lostAt, long now) {
        return guard.locked(did, cid, () -> {
            if (guard.pinned(did, cid, now)) {
                return Outcome.DEFERRED;
            }
            TableWrites writes = TableWrites.create().delete(Table.BLOBS, BlobKeys.gone(did, cid));
            Optional<BlobMeta> meta = meta(did, cid);
            // uploaded again after the reference went: a fresh temporary blob, left to expire
            boolean keep = hasRefs(did, cid) || (meta.isPresent() && meta.get().uploadedAt() >= lostAt);
            if (!keep) {
                deleteFile(did, cid);
                meta.ifPresent(m -> forget(writes, did, cid, m));
            }
            store.writeTables(writes, List.of()).join();
            return keep ? Outcome.KEPT : Outcome.DELETED;
        });
    }

    /** An upload older than the lifetime: delete it unless a record took it meanwhile. */
    private Outcome expired(Did did, Cid cid, long uploadedAt, long now) {
        return guard.locked(did, cid, () -> {
            byte[] key = BlobKeys.uploaded(uploadedAt, did, cid);
            Optional<BlobMeta> meta = meta(did, cid);
            if (meta.isEmpty() || meta.get().uploadedAt() != uploadedAt) {
                // left over from a later upload or a deletion
                store.writeTables(TableWrites.create().delete(Table.BLOBS, key), List.of()).join();
                return Outcome.KEPT;
            }
            if (guard.pinned(did, cid, now)) {
                return Outcome.DEFERRED;
            }
            TableWrites writes = TableWrites.create().delete(Table.BLOBS, key);
            boolean referenced = hasRefs(did, cid);
            if (!referenced) {
                deleteFile(did, cid);
                forget(writes, did, cid, meta.get());
            }
            store.writeTables(writes, List.of()).join();
            return referenced ? Outcome.KEPT : Outcome.DELETED;
        });
    }

    private static void forget(TableWrites writes, Did did, Cid cid, BlobMeta meta) {
        writes.delete(Table.BLOBS, BlobKeys.meta(did, cid));
        writes.delete(Table.BLOBS, BlobKeys.uploaded(meta.uploadedAt(), did, cid));
    }

    private void deleteFile(Did did, Cid cid) {
        try {
            files.delete(did, cid);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the blob file of " + cid, e);
        }
    }

    private Optional<BlobMeta> meta(Did did, Cid cid) {
        return store.get(Table.BLOBS, BlobKeys.meta(did, cid)).map(BlobMeta::decode);
    }

    private boolean hasRefs(Did did, Cid cid) {
        return !store.scan(Table.BLOBS, BlobKeys.refsOf(did, cid), null, 1, false).isEmpty();
    }
}
