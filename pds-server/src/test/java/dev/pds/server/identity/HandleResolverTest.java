package dev.pds.server.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pds.core.syntax.Did;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The parsing rules of handle resolution, with small vectors of our own (the lookups run in the e2e tests). */
class HandleResolverTest {
    static final String DID = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";

    @Test
    void exactlyOneDidRecordCounts() {
        assertEquals(Optional.of(Did.parse(DID)), HandleResolver.parseTxt(List.of("did=" + DID)));
        assertEquals(Optional.of(Did.parse(DID)), HandleResolver.parseTxt(List.of("google-site-verification=x", "did=" + DID)));
        assertEquals(Optional.empty(), HandleResolver.parseTxt(List.of("did=" + DID, "did=did:web:example.com")));
        assertEquals(Optional.empty(), HandleResolver.parseTxt(List.of()));
        assertEquals(Optional.empty(), HandleResolver.parseTxt(List.of("did=nonsense")));
        assertEquals(Optional.empty(), HandleResolver.parseTxt(List.of("DID=" + DID)), "the prefix is case-sensitive");
    }

    @Test
    void theWellKnownAnswerIsItsTrimmedFirstLine() {
        assertEquals(Optional.of(Did.parse(DID)), HandleResolver.parseWellKnown(bytes(DID)));
        assertEquals(Optional.of(Did.parse(DID)), HandleResolver.parseWellKnown(bytes("  " + DID + " \r\nsomething else")));
        assertEquals(Optional.empty(), HandleResolver.parseWellKnown(bytes("<html>" + DID + "</html>")));
        assertEquals(Optional.empty(), HandleResolver.parseWellKnown(bytes("")));
        assertEquals(Optional.empty(), HandleResolver.parseWellKnown(bytes("\n" + DID)));
    }

    @Test
    void characterStringsFromTheJdkAreJoined() {
        assertEquals("did=did:plc:abc", DnsTxt.joinCharacterStrings("did=did:plc:abc"));
        assertEquals("did=did:plc:abc", DnsTxt.joinCharacterStrings("did=did:plc: abc"));
        assertEquals("v=spf1 -all", DnsTxt.joinCharacterStrings("\"v=spf1 -all\""));
        assertEquals("a\"b\\c", DnsTxt.joinCharacterStrings("\"a\\\"b\\\\c\""));
        assertEquals("ab", DnsTxt.joinCharacterStrings("\"\" a \"\" b"));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
