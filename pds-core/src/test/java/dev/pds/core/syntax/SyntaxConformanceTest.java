package dev.pds.core.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The atproto interop syntax fixtures ({@code syntax/*.txt}): one dynamic test per entry.
 * Blank lines and lines starting with {@code #} are skipped, as the fixture files intend;
 * every other line is taken byte for byte (leading and trailing spaces are part of the case).
 */
class SyntaxConformanceTest {

    /** How one identifier type is exercised against its fixtures. */
    private record Kind(String prefix, Predicate<String> isValid, Function<String, Object> parse,
                        Function<String, String> canonical) {
    }

    private static final List<Kind> KINDS = List.of(
            new Kind("did", Did::isValid, Did::parse, Function.identity()),
            new Kind("handle", Handle::isValid, Handle::parse, s -> s.toLowerCase(Locale.ROOT)),
            new Kind("atidentifier", AtIdentifier::isValid, AtIdentifier::parse,
                    s -> s.startsWith("did:") ? s : s.toLowerCase(Locale.ROOT)),
            new Kind("nsid", Nsid::isValid, Nsid::parse, Function.identity()),
            new Kind("tid", Tid::isValid, Tid::parse, Function.identity()),
            new Kind("recordkey", RecordKey::isValid, RecordKey::parse, Function.identity()),
            new Kind("aturi", AtUri::isValid, AtUri::parse, Function.identity()),
            new Kind("datetime", Datetime::isValid, Datetime::parse, Function.identity()),
            new Kind("language", Language::isValid, Language::parse, Function.identity()),
            new Kind("uri", UriSyntax::isValid, UriSyntax::requireValid, Function.identity()),
            new Kind("cid", CidSyntax::isValid, CidSyntax::requireValid, Function.identity()));

    private static Path syntaxDir() {
        String dir = System.getProperty("atproto.interop.dir");
        assumeTrue(dir != null && !dir.isBlank(), "atproto.interop.dir is not set");
        Path syntax = Path.of(dir, "syntax");
        assumeTrue(Files.isDirectory(syntax), "interop fixtures not found at " + syntax);
        return syntax;
    }

    private record Entry(int line, String value) {
    }

    private static List<Entry> entries(Path file) {
        try {
            String[] lines = Files.readString(file, StandardCharsets.UTF_8).split("\n", -1);
            List<Entry> out = new ArrayList<>();
            for (int i = 0; i < lines.length; i++) {
                if (!lines[i].isEmpty() && !lines[i].startsWith("#")) {
                    out.add(new Entry(i + 1, lines[i]));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String label(Entry e) {
        String shown = e.value().length() > 60 ? e.value().substring(0, 60) + "...(" + e.value().length() + " chars)"
                : e.value();
        return "line " + e.line() + ": [" + shown + "]";
    }

    @TestFactory
    Stream<DynamicNode> syntaxFixtures() {
        Path dir = syntaxDir();
        List<DynamicNode> containers = new ArrayList<>();
        for (Kind kind : KINDS) {
            containers.add(file(dir, kind.prefix() + "_syntax_valid.txt", e -> DynamicTest.dynamicTest(label(e), () -> {
                assertTrue(kind.isValid().test(e.value()), "isValid");
                Object parsed = kind.parse().apply(e.value());
                assertEquals(kind.canonical().apply(e.value()), parsed.toString(), "canonical form");
                assertEquals(parsed, kind.parse().apply(parsed.toString()), "round trip");
            })));
            containers.add(file(dir, kind.prefix() + "_syntax_invalid.txt", e -> DynamicTest.dynamicTest(label(e), () -> {
                assertFalse(kind.isValid().test(e.value()), "isValid");
                assertThrows(SyntaxException.class, () -> kind.parse().apply(e.value()));
            })));
        }
        // well-formed by the grammar but not a real value: the failure must come from the semantic check
        containers.add(file(dir, "datetime_parse_invalid.txt", e -> DynamicTest.dynamicTest(label(e), () -> {
            assertTrue(Datetime.isWellFormed(e.value()), "well-formed");
            assertFalse(Datetime.isValid(e.value()), "isValid");
            assertThrows(SyntaxException.class, () -> Datetime.parse(e.value()));
        })));
        containers.add(file(dir, "language_parse_invalid.txt", e -> DynamicTest.dynamicTest(label(e), () -> {
            assertTrue(Language.isWellFormed(e.value()), "well-formed");
            assertFalse(Language.isValid(e.value()), "isValid");
            assertThrows(SyntaxException.class, () -> Language.parse(e.value()));
        })));
        return containers.stream();
    }

    private static DynamicContainer file(Path dir, String name, Function<Entry, DynamicTest> test) {
        Path file = dir.resolve(name);
        List<Entry> entries = entries(file);
        assertFalse(entries.isEmpty(), "no entries in " + file);
        return DynamicContainer.dynamicContainer(name, entries.stream().map(test));
    }

    /** A fixture file nobody reads would be a silent gap: every syntax file must be mapped. */
    @Test
    void everySyntaxFileIsCovered() throws IOException {
        Path dir = syntaxDir();
        List<String> known = new ArrayList<>();
        known.add("datetime_parse_invalid.txt");
        known.add("language_parse_invalid.txt");
        for (Kind kind : KINDS) {
            known.add(kind.prefix() + "_syntax_valid.txt");
            known.add(kind.prefix() + "_syntax_invalid.txt");
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<String> unmapped = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".txt") && !known.contains(n)).sorted().toList();
            assertEquals(List.of(), unmapped, "syntax fixture files without a test");
        }
    }
}
