package dev.pds.server.plc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.plc.PlcLogEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded directory's durable record: one JSON line per accepted operation
 * ({@code did, operation, createdAt}), appended and synced before the operation is
 * acknowledged. Nullified flags are not stored: replaying the lines through the chain rules
 * with their recorded times gives them back exactly. A torn last line (a crash mid-append) is
 * cut off on open; any other bad line stops the directory from starting.
 */
final class PlcOpFile implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private final FileChannel channel;

    private PlcOpFile(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /** A recorded operation as read back. */
    record Line(String did, JsonNode operation, Instant createdAt) {
    }

    static PlcOpFile open(Path path, List<Line> into) throws IOException {
        Files.createDirectories(path.toAbsolutePath().getParent());
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            byte[] all = Files.readAllBytes(path);
            int end = all.length;
            while (end > 0 && all[end - 1] != '\n') {
                end--; // torn tail
            }
            channel.truncate(end);
            channel.position(end);
            String text = new String(all, 0, end, StandardCharsets.UTF_8);
            int lineNo = 0;
            for (String line : text.split("\n")) {
                lineNo++;
                if (line.isEmpty()) {
                    continue;
                }
                JsonNode node = JSON.readTree(line);
                into.add(new Line(node.path("did").asText(), node.get("operation"),
                        Instant.parse(node.path("createdAt").asText())));
            }
            return new PlcOpFile(path, channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw new IOException("cannot read PLC operations from " + path + ": " + e.getMessage(), e);
        }
    }

    void append(PlcLogEntry entry) {
        ObjectNode o = JSON.createObjectNode();
        o.put("did", entry.did());
        o.set("operation", entry.toJson().get("operation"));
        o.put("createdAt", entry.createdAtText());
        byte[] bytes = (o.toString() + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + path, e);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
