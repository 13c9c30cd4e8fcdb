package dev.pds.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.server.xrpc.XrpcJson;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Test-only methods that take streamed uploads and answer with file and streamed bodies. */
final class StreamingMethods {
    private StreamingMethods() {
    }

    static final String SPOOL_LEXICON = "{\"lexicon\":1,\"id\":\"dev.pds.test.spool\",\"defs\":{\"main\":{"
            + "\"type\":\"procedure\",\"input\":{\"encoding\":\"*/*\"},\"output\":{\"encoding\":\"application/json\"}}}}";

    static final String DOWNLOAD_LEXICON = "{\"lexicon\":1,\"id\":\"dev.pds.test.download\",\"defs\":{\"main\":{"
            + "\"type\":\"query\",\"parameters\":{\"type\":\"params\",\"required\":[\"kind\",\"size\"],\"properties\":{"
            + "\"kind\":{\"type\":\"string\",\"knownValues\":[\"file\",\"stream\",\"chunked\",\"broken\"]},"
            + "\"size\":{\"type\":\"integer\",\"minimum\":0}}},"
            + "\"output\":{\"encoding\":\"*/*\"}}}}";

    /** The byte at position {@code i} of every test body: not constant, so a misplaced chunk shows. */
    static byte patternByte(long i) {
        return (byte) (i * 31 + (i >>> 8));
    }

    static byte[] pattern(int size) {
        byte[] out = new byte[size];
        for (int i = 0; i < size; i++) {
            out[i] = patternByte(i);
        }
        return out;
    }

    /** Takes a body streamed to a file; answers its size, SHA-256, and whether it arrived as a file. */
    static final class Spool implements XrpcMethod {
        private final long limit;

        Spool(long limit) {
            this.limit = limit;
        }

        @Override
        public String nsid() {
            return "dev.pds.test.spool";
        }

        @Override
        public long maxStreamedBodyBytes() {
            return limit;
        }

        @Override
        public XrpcResponse handle(XrpcRequest request) throws Exception {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long read = 0;
            try (InputStream in = request.body().open()) {
                byte[] buf = new byte[8192];
                for (int n; (n = in.read(buf)) > 0; ) {
                    sha.update(buf, 0, n);
                    read += n;
                }
            }
            ObjectNode body = XrpcJson.object();
            body.put("size", request.bodyLength());
            body.put("read", read);
            body.put("sha256", HexFormat.of().formatHex(sha.digest()));
            body.put("spooled", request.body().file().isPresent());
            return XrpcResponse.json(body);
        }
    }

    /** Answers {@code size} pattern bytes as a file slice, a stream of known or unknown length, or a stream that breaks. */
    static final class Download implements XrpcMethod {
        private final Path file;

        /** @param file holds at least the largest {@code size} asked for, as pattern bytes */
        Download(Path file) {
            this.file = file;
        }

        @Override
        public String nsid() {
            return "dev.pds.test.download";
        }

        @Override
        public XrpcResponse handle(XrpcRequest request) throws IOException {
            String kind = request.params().string("kind").orElseThrow();
            long size = request.params().integer("size").orElseThrow();
            return switch (kind) {
                case "file" -> XrpcResponse.file("application/octet-stream", FileChannel.open(file), 0, size)
                        .withHeader("x-kind", "file");
                case "stream" -> XrpcResponse.stream("application/octet-stream", size, out -> writePattern(out, size));
                case "chunked" -> XrpcResponse.stream("application/octet-stream", -1, out -> writePattern(out, size));
                default -> XrpcResponse.stream("application/octet-stream", size, out -> {
                    writePattern(out, size / 2);
                    out.flush();
                    throw new IOException("the producer broke half way");
                });
            };
        }

        private static void writePattern(java.io.OutputStream out, long size) throws IOException {
            byte[] buf = new byte[10_000];
            for (long done = 0; done < size; ) {
                int n = (int) Math.min(buf.length, size - done);
                for (int i = 0; i < n; i++) {
                    buf[i] = patternByte(done + i);
                }
                out.write(buf, 0, n);
                done += n;
            }
        }
    }

    static void writePatternFile(Path file, int size) throws IOException {
        Files.write(file, pattern(size));
    }
}
