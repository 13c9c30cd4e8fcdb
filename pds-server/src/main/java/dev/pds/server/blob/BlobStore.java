package dev.pds.server.blob;

import dev.pds.core.data.BlobRef;
import dev.pds.core.data.Cid;
import dev.pds.core.data.Sha256;
import dev.pds.core.store.CommitTableWrites;
import dev.pds.core.store.RepoStore;
import dev.pds.core.store.Table;
import dev.pds.core.store.TableWrites;
import dev.pds.core.syntax.Did;
import dev.pds.core.repo.WriteAction;
import dev.pds.server.records.PreparedWrite;
import dev.pds.server.records.RecordBlobs;
import dev.pds.server.xrpc.RequestBody;
import dev.pds.server.xrpc.XrpcErrors;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The blobs of every hosted account: bytes in content-addressed files ({@link BlobFiles}),
 * metadata and record references in {@code Table.BLOBS} ({@link BlobKeys} has the layout).
 * An upload is temporary until a committed record references it (the commit's own batch
 * records the reference, see {@link #prepare}); a temporary blob expires after
 * {@link #TEMP_LIFETIME}, and a blob no record references any more is deleted. Both happen in
 * {@link #sweep}, which a background thread runs every {@link #SWEEP_INTERVAL}.
 */
public final class BlobStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BlobStore.class);
    /** How long an upload waits for a record to reference it (the reference PDS: about an hour). */
    public static final Duration TEMP_LIFETIME = Duration.ofHours(1);
    public static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);
    private static final String DEFAULT_TYPE = "application/octet-stream";
    private static final byte[] EMPTY = new byte[0];

    private final RepoStore store;
    private final BlobFiles files;
    private final BlobGuard guard = new BlobGuard();
    private final Clock clock;
    private final long uploadLimit;
    private final BlobReferences references;
    private final BlobSweeper sweeper;
    private final BlobLists lists;
    private ScheduledExecutorService timer;

    /**
     * @param dataDirectory blobs live in its {@code blobs} folder
     * @param uploadLimit   largest blob accepted ({@code PDS_BLOB_UPLOAD_LIMIT})
     */
    public BlobStore(RepoStore store, Path dataDirectory, Clock clock, long uploadLimit) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (uploadLimit < 1) {
            throw new IllegalArgumentException("uploadLimit must be positive");
        }
        this.uploadLimit = uploadLimit;
        try {
            this.files = new BlobFiles(dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the blob folder in " + dataDirectory, e);
        }
        this.references = new BlobReferences(store, guard, clock);
        this.sweeper = new BlobSweeper(store, files, guard, TEMP_LIFETIME);
        this.lists = new BlobLists(store);
    }

    public long uploadLimit() {
        return uploadLimit;
    }

    /** Starts sweeping every {@link #SWEEP_INTERVAL} on a thread of its own; {@link #close} stops it. */
    public synchronized void startSweeping() {
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pds-blob-sweeper");
            t.setDaemon(true);
            return t;
        });
        long period = SWEEP_INTERVAL.toMillis();
        timer.scheduleWithFixedDelay(() -> {
            try {
                sweep(clock.instant());
            } catch (RuntimeException e) {
                LOG.error("Sweeping blobs failed", e);
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Deletes blobs whose last reference went away and uploads older than {@link #TEMP_LIFETIME}
     * at {@code now} that no record took. Tests pass a time of their choosing.
     */
    public BlobSweeper.Result sweep(Instant now) {
        return sweeper.sweep(now.toEpochMilli());
    }

    /**
     * Stores an upload as a temporary blob of {@code did} and answers its reference: the raw
     * CID of the bytes, the media type sniffed from them (or {@code declaredType}, as the
     * uploader said, when not recognised), the size. A spooled body is moved, not copied.
     */
    public BlobRef upload(Did did, RequestBody body, String declaredType) throws IOException {
        if (body.length() > uploadLimit) {
            throw XrpcErrors.payloadTooLarge(uploadLimit);
        }
        Path upload = body.file().orElse(null);
        boolean ownCopy = upload == null;
        if (ownCopy) {
            upload = Files.createTempFile(files.root(), "upload-", ".part");
            Files.write(upload, body.bytesUnsafe());
        }
        try {
            Scanned scanned = scan(upload);
            Cid cid = Cid.of(Cid.RAW, Cid.SHA2_256, scanned.sha256);
            String mime = MimeSniffer.sniff(scanned.head, scanned.headLength).orElse(mediaType(declaredType));
            Path file = upload;
            return guard.locked(did, cid, () -> keep(did, cid, mime, scanned.size, file));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            if (ownCopy) {
                Files.deleteIfExists(upload);
            }
        }
    }

    /** Under the blob's lock: the file goes in place first, then the metadata, durably. */
    private BlobRef keep(Did did, Cid cid, String mime, long size, Path upload) {
        Optional<BlobMeta> existing = meta(did, cid);
        // a blob records reference keeps the type they were checked against
        String type = existing.isPresent() && hasRefs(did, cid) ? existing.get().mimeType() : mime;
        long now = clock.millis();
        try {
            files.moveIn(upload, did, cid);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        BlobMeta meta = new BlobMeta(type, size, now);
        TableWrites writes = TableWrites.create();
        existing.ifPresent(old -> writes.delete(Table.BLOBS, BlobKeys.uploaded(old.uploadedAt(), did, cid)));
        writes.put(Table.BLOBS, BlobKeys.meta(did, cid), meta.encode());
        writes.put(Table.BLOBS, BlobKeys.uploaded(now, did, cid), EMPTY);
        store.writeTables(writes, List.of()).join();
        return new BlobRef(cid, type, size);
    }

    /** A permanent blob (one a record references) opened for sending; empty when there is none. */
    public Optional<StoredBlob> open(Did did, Cid cid) throws IOException {
        Optional<BlobMeta> meta = meta(did, cid);
        if (meta.isEmpty() || !hasRefs(did, cid)) {
            return Optional.empty();
        }
        Optional<FileChannel> file = files.open(did, cid);
        if (file.isEmpty()) {
            LOG.warn("Blob {} of {} has metadata but no file", cid, did);
            return Optional.empty();
        }
        return Optional.of(new StoredBlob(cid, meta.get().mimeType(), meta.get().size(), file.get()));
    }

    /**
     * Checks the blobs that a batch of record writes references and returns the table writes
     * that record (and drop) the references in the commit's batch.
     *
     * @param blobsByPath for each created or updated record path, the blobs its new record references
     * @throws dev.pds.core.error.XrpcException BlobNotFound, InvalidMimeType or InvalidSize
     */
    public CommitTableWrites prepare(Did did, Map<String, List<BlobRef>> blobsByPath) {
        return references.prepare(did, cited(blobsByPath.values()), blobsByPath, true);
    }

    /**
     * As {@link #prepare}, without requiring the blobs: for records a repo import brings before
     * their blobs. The references are recorded; listMissingBlobs names the blobs still absent,
     * and each becomes permanent as soon as it is uploaded.
     */
    public CommitTableWrites prepareImported(Did did, Map<String, List<BlobRef>> blobsByPath) {
        return references.prepare(did, cited(blobsByPath.values()), blobsByPath, false);
    }

    /**
     * This store as the record writers see it: every blob a write cites is checked, as the
     * reference checks them, even where a later write of the batch replaces that record.
     */
    public RecordBlobs forRecords() {
        return (did, writes) -> references.prepare(did, cited(writes.stream().map(PreparedWrite::blobs).toList()),
                blobsByPath(writes), true);
    }

    private static List<BlobRef> cited(java.util.Collection<List<BlobRef>> lists) {
        return lists.stream().flatMap(List::stream).toList();
    }

    /**
     * For each record path the batch leaves written, the blobs of the record its last write
     * stores (a later write to a path replaces an earlier one; a last delete leaves none).
     */
    static Map<String, List<BlobRef>> blobsByPath(List<PreparedWrite> writes) {
        Map<String, List<BlobRef>> out = new LinkedHashMap<>();
        for (PreparedWrite write : writes) {
            if (write.action() == WriteAction.DELETE) {
                out.remove(write.op().path());
            } else {
                out.put(write.op().path(), write.blobs());
            }
        }
        return out;
    }

    /** Blobs referenced by records, by CID (see {@link BlobLists#listBlobs}). */
    public BlobLists.Page listBlobs(Did did, String since, String cursor, int limit) {
        return lists.listBlobs(did, since, cursor, limit);
    }

    /** Blobs records reference that were never uploaded (see {@link BlobLists#listMissing}). */
    public BlobLists.MissingPage listMissing(Did did, String cursor, int limit) {
        return lists.listMissing(did, cursor, limit);
    }

    /** The account's referenced blobs, counted: all of them, and those uploaded (checkAccountStatus). */
    public BlobLists.Counts count(Did did) {
        return lists.count(did);
    }

    /** Whether this server holds the blob for the account (referenced or a waiting upload). */
    public boolean isStored(Did did, Cid cid) {
        return meta(did, cid).isPresent();
    }

    Optional<BlobMeta> meta(Did did, Cid cid) {
        return store.get(Table.BLOBS, BlobKeys.meta(did, cid)).map(BlobMeta::decode);
    }

    boolean hasRefs(Did did, Cid cid) {
        return !store.scan(Table.BLOBS, BlobKeys.refsOf(did, cid), null, 1, false).isEmpty();
    }

    /**
     * The writes that forget every blob of an account: metadata, record references and pending
     * dereferences (account deletion). Upload-time keys are left for the sweeper, which drops
     * those whose metadata is gone. Delete the files with {@link #deleteFiles} once the writes
     * are durable.
     */
    public TableWrites forgetAccount(Did did) {
        return TableWrites.create()
                .deletePrefix(Table.BLOBS, BlobKeys.metaOf(did))
                .deletePrefix(Table.BLOBS, BlobKeys.refsOf(did))
                .deletePrefix(Table.BLOBS, BlobKeys.goneOf(did));
    }

    /** Deletes the blob files of an account whose blob rows are gone; returns how many. */
    public int deleteFiles(Did did) {
        try {
            return files.deleteAccount(did);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the blob files of " + did, e);
        }
    }

    /** Where the bytes of a blob live, for tests and tools. */
    public Path path(Did did, Cid cid) {
        return files.path(did, cid);
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    /** The media type part of a Content-Type, lower case; octet-stream when absent or a wildcard. */
    static String mediaType(String contentType) {
        if (contentType == null) {
            return DEFAULT_TYPE;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (type.isEmpty() || type.equals("*/*") || !type.contains("/")) {
            return DEFAULT_TYPE;
        }
        return type;
    }

    private record Scanned(byte[] sha256, byte[] head, int headLength, long size) {
    }

    /** One pass over the upload: its SHA-256, its size, and its first bytes for the sniffer. */
    private static Scanned scan(Path upload) throws IOException {
        MessageDigest sha = Sha256.newDigest();
        byte[] head = new byte[MimeSniffer.HEAD_BYTES];
        int headLength = 0;
        long size = 0;
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(upload)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                if (headLength < head.length) {
                    int take = Math.min(n, head.length - headLength);
                    System.arraycopy(buf, 0, head, headLength, take);
                    headLength += take;
                }
                sha.update(buf, 0, n);
                size += n;
            }
        }
        return new Scanned(sha.digest(), head, headLength, size);
    }
}
