package dev.pds.server.api.sync;

import dev.pds.core.data.Cid;
import dev.pds.core.store.RepoHead;
import dev.pds.core.syntax.Did;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * CAR answers of {@code getRepo} as files, sent from disk without passing through the heap and
 * without a worker thread waiting on the client. Full exports are kept, one per repo, keyed by
 * the commit they are rooted at: the export of a commit never changes (it holds exactly the
 * blocks reachable from it, in CID order), so a kept file is served only when the repo's head
 * is still that commit, and replaced once the head has moved on. Kept files stay under a total
 * size, least recently used first out. Other answers (with {@code since}, or too large to keep)
 * are written to a file that is unlinked once open, so they vanish when sent.
 *
 * <p>Kept files live in memory's index only, so the folder is emptied when the cache is made
 * (a restart forgets them all); a file enters the index only once written in full.
 */
final class RepoCarCache {
    private final Path folder;
    private final long maxBytes;
    private final AtomicLong names = new AtomicLong();
    /** Least recently served first. Guarded by {@code this}, as is {@link #keptBytes}. */
    private final LinkedHashMap<Did, Kept> kept = new LinkedHashMap<>(64, 0.75f, true);
    private long keptBytes;
    /** Exports being written to be kept, so concurrent misses of one commit write it once. */
    private final ConcurrentHashMap<Key, CountDownLatch> writing = new ConcurrentHashMap<>();

    /** An open CAR file of {@code size} bytes; the caller owns the channel. */
    record CarFile(FileChannel channel, long size) {
    }

    /** Writes a CAR; the stream is closed by the cache. */
    @FunctionalInterface
    interface CarSource {
        void writeTo(OutputStream out) throws IOException;
    }

    private record Key(Did did, Cid commit) {
    }

    private record Kept(Cid commit, String rev, Path path, long size) {
    }

    /** Uses (and empties) {@code folder}; keeps at most {@code maxBytes} of exports. */
    RepoCarCache(Path folder, long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must be >= 0");
        }
        this.folder = Objects.requireNonNull(folder, "folder");
        this.maxBytes = maxBytes;
        try {
            Files.createDirectories(folder);
            try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(folder)) {
                for (Path leftover : leftovers) {
                    if (Files.isRegularFile(leftover, LinkOption.NOFOLLOW_LINKS)) {
                        Files.delete(leftover);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the export cache in " + folder, e);
        }
    }

    /**
     * The kept export of {@code head}'s commit, opened, when there is one. A kept export of an
     * older commit of the repo is dropped on the way.
     */
    Optional<CarFile> find(RepoHead head) throws IOException {
        Path stale = null;
        try {
            synchronized (this) {
                Kept k = kept.get(head.did());
                if (k == null) {
                    return Optional.empty();
                }
                if (k.commit().equals(head.commit())) {
                    // opened under the lock, so that eviction cannot delete it in between
                    try {
                        return Optional.of(new CarFile(FileChannel.open(k.path(), StandardOpenOption.READ), k.size()));
                    } catch (NoSuchFileException e) {
                        // removed behind our back (someone cleaned the folder): a miss, written again
                        kept.remove(head.did());
                        keptBytes -= k.size();
                        return Optional.empty();
                    }
                }
                if (k.rev().compareTo(head.rev()) < 0) {
                    kept.remove(head.did());
                    keptBytes -= k.size();
                    stale = k.path();
                }
                return Optional.empty();
            }
        } finally {
            deleteQuietly(stale);
        }
    }

    /**
     * The full export of {@code head}, written by {@code source} (which must write exactly that
     * commit's export) unless a concurrent request is already writing it, then kept if it fits.
     */
    CarFile export(RepoHead head, CarSource source) throws IOException {
        Key key = new Key(head.did(), head.commit());
        CountDownLatch mine = new CountDownLatch(1);
        CountDownLatch other = writing.putIfAbsent(key, mine);
        if (other != null) {
            try {
                other.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for an export", e);
            }
            Optional<CarFile> done = find(head);
            if (done.isPresent()) {
                return done.get();
            }
            return spool(source); // the other writer failed, or its export was not kept
        }
        try {
            Optional<CarFile> done = find(head); // written by a request that just finished
            if (done.isPresent()) {
                return done.get();
            }
            Path temp = write(source);
            FileChannel channel = null;
            try {
                channel = FileChannel.open(temp, StandardOpenOption.READ);
                long size = channel.size();
                keep(head, temp, size);
                return new CarFile(channel, size);
            } catch (IOException | RuntimeException e) {
                if (channel != null) {
                    channel.close();
                }
                deleteQuietly(temp);
                throw e;
            }
        } finally {
            writing.remove(key, mine);
            mine.countDown();
        }
    }

    /** A CAR that is not kept: written to a file that is unlinked as soon as it is open. */
    CarFile spool(CarSource source) throws IOException {
        Path temp = write(source);
        try {
            FileChannel channel = FileChannel.open(temp, StandardOpenOption.READ);
            return new CarFile(channel, channel.size());
        } finally {
            deleteQuietly(temp);
        }
    }

    /** Drops the kept export of {@code did}, if any (the repo is gone or may no longer be served). */
    void forget(Did did) {
        Kept k;
        synchronized (this) {
            k = kept.remove(did);
            if (k != null) {
                keptBytes -= k.size();
            }
        }
        if (k != null) {
            deleteQuietly(k.path());
        }
    }

    /** How many exports are kept and their total size, for tests and logs. */
    synchronized long[] usage() {
        return new long[] {kept.size(), keptBytes};
    }

    private Path write(CarSource source) throws IOException {
        Path temp = folder.resolve(names.incrementAndGet() + ".tmp");
        try (OutputStream out = new BufferedOutputStream(Channels.newOutputStream(
                FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)), 256 * 1024)) {
            source.writeTo(out);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temp);
            throw e;
        }
        return temp;
    }

    /**
     * Renames the written export into place and indexes it, unless it is larger than the whole
     * budget or the index already holds a later commit of the repo; then it is unlinked (the
     * caller's channel still reads it). Evicts least recently served exports beyond the budget.
     */
    private void keep(RepoHead head, Path temp, long size) throws IOException {
        java.util.List<Path> unlink = new java.util.ArrayList<>();
        try {
            synchronized (this) {
                Kept old = kept.get(head.did());
                if (size > maxBytes || (old != null && old.rev().compareTo(head.rev()) > 0)) {
                    unlink.add(temp);
                    return;
                }
                Path path = folder.resolve(temp.getFileName().toString().replace(".tmp", ".car"));
                Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE);
                if (old != null) {
                    kept.remove(head.did());
                    keptBytes -= old.size();
                    unlink.add(old.path());
                }
                kept.put(head.did(), new Kept(head.commit(), head.rev(), path, size));
                keptBytes += size;
                Iterator<Map.Entry<Did, Kept>> eldest = kept.entrySet().iterator();
                while (keptBytes > maxBytes && eldest.hasNext()) {
                    Kept k = eldest.next().getValue();
                    eldest.remove();
                    keptBytes -= k.size();
                    unlink.add(k.path());
                }
            }
        } finally {
            unlink.forEach(RepoCarCache::deleteQuietly);
        }
    }

    private static void deleteQuietly(Path path) {
        if (path == null) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (NoSuchFileException e) {
            // already gone
        } catch (IOException e) {
            // a file left behind is removed at the next start
        }
    }
}
