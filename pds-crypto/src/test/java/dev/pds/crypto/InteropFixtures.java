package dev.pds.crypto;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the atproto interop fixtures; skips the calling test when they are not beside us. */
final class InteropFixtures {
    private InteropFixtures() {
    }

    static List<JsonNode> entries(String relativePath) throws IOException {
        String dir = System.getProperty("atproto.interop.dir");
        assumeTrue(dir != null && !dir.isBlank(), "system property atproto.interop.dir not set");
        Path file = Path.of(dir).resolve(relativePath);
        assumeTrue(Files.isRegularFile(file), "fixture file absent: " + file);
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        List<JsonNode> out = new ArrayList<>();
        root.forEach(out::add);
        if (out.isEmpty()) {
            throw new IllegalStateException("fixture file has no entries: " + file);
        }
        return out;
    }
}
