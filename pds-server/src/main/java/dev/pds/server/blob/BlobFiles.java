package dev.pds.server.blob;

import dev.pds.core.data.Cid;
import dev.pds.core.data.Sha256;
import dev.pds.core.syntax.Did;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * Blob bytes on disk, content-addressed: {@code <data>/blobs/<account>/<cid>}, where
 * {@code <account>} is the first 128 bits of the DID's SHA-256 in hex (DIDs may be longer than a file name and
 * hold characters some file systems refuse). Per account, so one account's deletion or
 * takedown never touches another's copy of the same bytes. Files are written once, by moving
 * a finished upload into place, and never modified.
 */
final class BlobFiles {
    /** Folder of blob files inside the data directory. */
    static final String FOLDER = "blobs";

    private final Path root;

    BlobFiles(Path dataDirectory) throws IOException {
        this.root = Files.createDirectories(dataDirectory.resolve(FOLDER));
    }

    Path root() {
        return root;
    }

    Path accountFolder(Did did) {
        byte[] digest = Sha256.digest(did.toString().getBytes(StandardCharsets.UTF_8));
        return root.resolve(HexFormat.of().formatHex(digest, 0, 16));
    }

    Path path(Did did, Cid cid) {
        return accountFolder(did).resolve(cid.toString());
    }

    boolean exists(Did did, Cid cid) {
        return Files.isRegularFile(path(did, cid));
    }

    /**
     * Moves a finished upload into place; when the blob is already there (same CID, so the same
     * bytes) the upload is simply dropped.
     */
    void moveIn(Path upload, Did did, Cid cid) throws IOException {
        Path target = path(did, cid);
        if (Files.isRegularFile(target)) {
            Files.deleteIfExists(upload);
            return;
        }
        Files.createDirectories(target.getParent());
        try {
            Files.move(upload, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            // the upload folder is on another file system: copy beside the target, then rename
            Path part = Files.createTempFile(target.getParent(), "incoming-", ".part");
            Files.copy(upload, part, StandardCopyOption.REPLACE_EXISTING);
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            Files.deleteIfExists(upload);
        }
    }

    /** The blob's file opened for reading, or empty when it is not on disk. */
    Optional<FileChannel> open(Did did, Cid cid) throws IOException {
        try {
            return Optional.of(FileChannel.open(path(did, cid), StandardOpenOption.READ));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    void delete(Did did, Cid cid) throws IOException {
        Files.deleteIfExists(path(did, cid));
    }

    /** Deletes every blob file of an account, and its folder; returns how many files went. */
    int deleteAccount(Did did) throws IOException {
        Path folder = accountFolder(did);
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path file : files) {
                if (Files.deleteIfExists(file)) {
                    deleted++;
                }
            }
        }
        Files.deleteIfExists(folder);
        return deleted;
    }

    @Override
    public String toString() {
        return "BlobFiles[" + Objects.toString(root) + "]";
    }
}
