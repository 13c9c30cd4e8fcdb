package dev.pds.core.syntax;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Megabyte-sized inputs shaped to trip backtracking matchers (long runs that almost match)
 * are refused by every checker through its explicit length limit, with the usual error.
 */
class HugeInputTest {
    private static final int SIZE = 1 << 20;

    private static final List<String> SHAPES = List.of(
            "a.".repeat(SIZE / 2),
            "did:plc:" + "%".repeat(SIZE),
            "at://did:plc:abc/" + "a.b".repeat(SIZE / 3),
            "2024-01-01T00:00:00." + "9".repeat(SIZE) + "Z",
            "en" + "-abcde".repeat(SIZE / 6),
            "https://e.com/" + "x".repeat(SIZE),
            "2".repeat(SIZE),
            "b" + "a".repeat(SIZE));

    @Test
    void everyCheckerRefusesHugeInputs() {
        List<Predicate<String>> checks = List.of(Did::isValid, Handle::isValid, AtIdentifier::isValid, Nsid::isValid,
                Tid::isValid, RecordKey::isValid, AtUri::isValid, Datetime::isValid, Datetime::isWellFormed,
                Language::isValid, Language::isWellFormed, UriSyntax::isValid, CidSyntax::isValid);
        for (String shape : SHAPES) {
            for (Predicate<String> check : checks) {
                assertFalse(check.test(shape));
            }
            assertThrows(SyntaxException.class, () -> Did.parse(shape));
            assertThrows(SyntaxException.class, () -> Handle.parse(shape));
            assertThrows(SyntaxException.class, () -> AtIdentifier.parse(shape));
            assertThrows(SyntaxException.class, () -> Nsid.parse(shape));
            assertThrows(SyntaxException.class, () -> Tid.parse(shape));
            assertThrows(SyntaxException.class, () -> RecordKey.parse(shape));
            assertThrows(SyntaxException.class, () -> AtUri.parse(shape));
            assertThrows(SyntaxException.class, () -> Datetime.parse(shape));
            assertThrows(SyntaxException.class, () -> Language.parse(shape));
            assertThrows(SyntaxException.class, () -> UriSyntax.requireValid(shape));
            assertThrows(SyntaxException.class, () -> CidSyntax.requireValid(shape));
        }
    }
}
