package dev.pds.server.xrpc;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.Objects;

/** The three ways an answer's body is kept: bytes, a slice of an open file, or a producer. */
public sealed interface ResponseBody {
    /** Bytes in memory; the array is shared, not copied, and must not be modified. */
    record Bytes(byte[] bytes) implements ResponseBody {
        public Bytes {
            Objects.requireNonNull(bytes, "bytes");
        }

        @Override
        public long length() {
            return bytes.length;
        }
    }

    /**
     * {@code length} bytes of an open file from {@code offset}, sent without passing through
     * the heap. The response owns the channel: it is closed once sent or abandoned. Opening the
     * file in the handler means a concurrent delete cannot pull it away before it is sent.
     */
    record FileSlice(FileChannel channel, long offset, long length) implements ResponseBody {
        public FileSlice {
            Objects.requireNonNull(channel, "channel");
            if (offset < 0 || length < 0) {
                throw new IllegalArgumentException("offset and length must be >= 0");
            }
        }
    }

    /** A body produced while it is sent; {@code length} is -1 when not known ahead (chunked encoding). */
    record Stream(long length, BodyWriter writer) implements ResponseBody {
        public Stream {
            Objects.requireNonNull(writer, "writer");
            if (length < -1) {
                throw new IllegalArgumentException("length must be >= 0, or -1 when unknown");
            }
        }
    }

    /** The body's length in bytes, -1 when not known ahead. */
    long length();

    /**
     * Releases what the body holds (an open file, a producer's store snapshot) when it will not
     * be sent; for a stream, also once its producer is done. Safe to call more than once.
     */
    default void discard() {
        if (this instanceof FileSlice slice) {
            try {
                slice.channel().close();
            } catch (IOException e) {
                // nothing left to do with a file we were only reading
            }
        } else if (this instanceof Stream stream && stream.writer() instanceof AutoCloseable resource) {
            try {
                resource.close();
            } catch (Exception e) {
                throw new IllegalStateException("releasing a response body failed", e);
            }
        }
    }
}
