package dev.pds.server.blob;

import dev.pds.core.data.Cid;
import java.nio.channels.FileChannel;
import java.util.Objects;

/**
 * A permanent blob opened for sending: its metadata and its file, already open so that a
 * deletion racing the answer cannot pull the bytes away. The receiver closes the channel (an
 * XRPC file answer takes it over).
 */
public record StoredBlob(Cid cid, String mimeType, long size, FileChannel file) {
    public StoredBlob {
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(mimeType, "mimeType");
        Objects.requireNonNull(file, "file");
    }
}
