package dev.pds.server.xrpc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A request body: bytes collected in memory (JSON and other small inputs), or a temporary file
 * the HTTP layer streamed a large body into (methods that declare
 * {@link XrpcMethod#maxStreamedBodyBytes()}). The HTTP layer deletes the file after the answer,
 * so a handler that keeps the bytes moves the file away.
 */
public final class RequestBody {
    private static final RequestBody EMPTY = new RequestBody(new byte[0], null, 0);

    private final byte[] bytes;
    private final Path file;
    private final long length;

    private RequestBody(byte[] bytes, Path file, long length) {
        this.bytes = bytes;
        this.file = file;
        this.length = length;
    }

    public static RequestBody empty() {
        return EMPTY;
    }

    /** Bytes in memory; kept, not copied (callers hand over their own copy). */
    public static RequestBody of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return bytes.length == 0 ? EMPTY : new RequestBody(bytes, null, bytes.length);
    }

    /** A body spooled to {@code file}, {@code length} bytes long. */
    public static RequestBody file(Path file, long length) {
        Objects.requireNonNull(file, "file");
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0");
        }
        return new RequestBody(null, file, length);
    }

    public long length() {
        return length;
    }

    /** The spooled file, when the body was streamed to disk. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** Reads the body from its start, wherever it is kept. */
    public InputStream open() throws IOException {
        return file == null ? new ByteArrayInputStream(bytes) : Files.newInputStream(file);
    }

    /**
     * The bytes of an in-memory body, not copied: callers must not modify them. A spooled body
     * is never read into memory by accident: this refuses it.
     */
    public byte[] bytesUnsafe() {
        if (file != null) {
            throw new IllegalStateException("the body was streamed to a file; use open() or file()");
        }
        return bytes;
    }
}
