package dev.pds.server.xrpc;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Produces a response body while it is sent (a CAR export, for instance). Runs on a worker
 * thread after the status and headers have gone out; writes block while the client is slower
 * than the producer, so memory stays bounded. A failure after the headers cannot become an
 * XRPC error any more: the connection is closed, and the client sees a truncated body. A writer
 * that holds a resource (a store snapshot) implements {@link AutoCloseable} too: it is closed
 * once, after writing or when the answer is never sent ({@link ResponseBody#discard}).
 */
@FunctionalInterface
public interface BodyWriter {
    void writeTo(OutputStream out) throws IOException;
}
