package dev.pds.core.plc;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The did:plc audit-log fixtures of did-method-plc ({@code interop_tests/audit_log/valid} and
 * {@code invalid}, from go-didplc's testdata): every valid log must verify, every invalid one
 * must be refused. The folder is given by the system property {@code plc.interop.dir} or the
 * environment variable {@code PLC_INTEROP_DIR} (pointing at {@code audit_log}); skipped when absent.
 */
class PlcAuditLogConformanceTest {

    @TestFactory
    Stream<DynamicTest> auditLogs() throws IOException {
        String dir = System.getProperty("plc.interop.dir", System.getenv("PLC_INTEROP_DIR"));
        assumeTrue(dir != null && Files.isDirectory(Path.of(dir, "valid")), "PLC audit-log fixtures not present");
        List<DynamicTest> tests = new ArrayList<>();
        for (String kind : List.of("valid", "invalid")) {
            try (Stream<Path> files = Files.list(Path.of(dir, kind))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                    tests.add(DynamicTest.dynamicTest(kind + "/" + f.getFileName(), () -> check(f, kind.equals("valid"))));
                }
            }
        }
        return tests.stream();
    }

    private static void check(Path file, boolean valid) throws IOException {
        JsonNode array = PlcJson.MAPPER.readTree(Files.readString(file));
        if (valid) {
            List<PlcLogEntry> entries = new ArrayList<>();
            array.forEach(n -> entries.add(PlcLogEntry.fromJson(n)));
            PlcChain.verifyAuditLog(entries.get(0).did(), entries);
        } else {
            assertThrows(PlcException.class, () -> {
                List<PlcLogEntry> entries = new ArrayList<>();
                array.forEach(n -> entries.add(PlcLogEntry.fromJson(n)));
                PlcChain.verifyAuditLog(entries.get(0).did(), entries);
            });
        }
    }
}
