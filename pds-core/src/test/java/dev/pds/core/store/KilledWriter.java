package dev.pds.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a writer's {@code main} in a child JVM on this test's class path, reads the lines it
 * prints, and kills it with SIGKILL as soon as it has printed {@code acksBeforeKill} lines
 * starting with {@code ACK }: the crash lands while commits are in flight, between a sync and
 * its answer, or inside a group write.
 */
final class KilledWriter {
    private KilledWriter() {
    }

    /** The fields of each ACK line the child printed before it died. */
    static List<String[]> runAndKill(Class<?> main, int acksBeforeKill, String... args) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), "-Xmx256m",
                main.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process child = pb.start();
        List<String[]> acks = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    acks.add(line.split(" "));
                    if (acks.size() == acksBeforeKill) {
                        child.destroyForcibly();
                        break;
                    }
                }
            }
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child did not die");
        }
        assertEquals(137, child.exitValue(), "killed by SIGKILL (a child that stopped early failed: see its stderr)");
        return acks;
    }
}
