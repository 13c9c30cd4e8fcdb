package dev.pds.core.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CidSyntaxTest {

    @ParameterizedTest
    @ValueSource(strings = {"bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm",
        "bafkreibme22gw2h7y2h7tg2fhqotaqjucnbc24deqo72b6mkl2egezxhvy", "mAXASIA+=12", "f01711220abcdef"})
    void acceptsValid(String s) {
        assertTrue(CidSyntax.isValid(s));
        assertEquals(s, CidSyntax.requireValid(s));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "bafy", "1234567", "QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG", "bafy rei1234",
        "bafy-rei1234", "bafyrei1234/", "ipfs://bafyrei1234"})
    void rejectsInvalid(String s) {
        assertFalse(CidSyntax.isValid(s));
        assertThrows(SyntaxException.class, () -> CidSyntax.requireValid(s));
    }

    @Test
    void lengthLimits() {
        assertTrue(CidSyntax.isValid("b" + "a".repeat(255)));
        assertTrue(assertThrows(SyntaxException.class, () -> CidSyntax.requireValid("b" + "a".repeat(256)))
                .getMessage().contains("256"));
        assertFalse(CidSyntax.isValid(null));
    }
}
