package dev.pds.server.http;

import dev.pds.core.error.XrpcException;
import io.netty.handler.codec.http.HttpRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link BodySpooler} hands the router for a streaming method: the request head with its
 * body in a temporary file, or the head with the reason the body was refused (413 beyond the
 * limit), sent as soon as the refusal is known so the router answers it in order.
 */
final class SpooledRequest {
    private static final Logger LOG = LoggerFactory.getLogger(SpooledRequest.class);

    private final HttpRequest head;
    private final Path file;
    private final long size;
    private final XrpcException refusal;

    private SpooledRequest(HttpRequest head, Path file, long size, XrpcException refusal) {
        this.head = Objects.requireNonNull(head, "head");
        this.file = file;
        this.size = size;
        this.refusal = refusal;
    }

    static SpooledRequest complete(HttpRequest head, Path file, long size) {
        return new SpooledRequest(head, Objects.requireNonNull(file, "file"), size, null);
    }

    static SpooledRequest refused(HttpRequest head, XrpcException refusal) {
        return new SpooledRequest(head, null, 0, Objects.requireNonNull(refusal, "refusal"));
    }

    HttpRequest head() {
        return head;
    }

    /** The spooled body; null when refused. */
    Path file() {
        return file;
    }

    long size() {
        return size;
    }

    /** Why the body was not taken; null when it was. */
    XrpcException refusal() {
        return refusal;
    }

    /** Deletes the spooled body unless the handler moved it away (it keeps the bytes it wants). */
    void release() {
        if (file != null) {
            deleteQuietly(file);
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not delete the temporary upload {}: {}", file, e.toString());
        }
    }
}
