package dev.pds.core.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HandleTest {

    @Test
    void normalisesToLowerCase() {
        Handle h = Handle.parse("Alice.BSKY.Social");
        assertEquals("alice.bsky.social", h.toString());
        assertEquals(Handle.parse("alice.bsky.social"), h);
        assertEquals(Handle.parse("ALICE.bsky.social").hashCode(), h.hashCode());
        assertEquals("social", h.tld());
        assertFalse(h.isDid());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.co", "4chan.org", "xn--ls8h.test", "a-b.c-d", "john.t", "x.y.z.w.v", "laptop.local"})
    void acceptsValid(String s) {
        assertTrue(Handle.isValid(s));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "com", ".a.com", "a.com.", "a..com", "-a.com", "a-.com", "a.-com", "a.com-",
        "a.1com", "1.2.3.4", "a_b.com", "a b.com", "bücher.de", "a.com ", "did:plc:abc"})
    void rejectsInvalid(String s) {
        assertFalse(Handle.isValid(s));
        assertThrows(SyntaxException.class, () -> Handle.parse(s));
    }

    @Test
    void labelAndTotalLengthLimits() {
        String label63 = "a".repeat(63);
        assertTrue(Handle.isValid(label63 + ".com"));
        assertTrue(assertThrows(SyntaxException.class, () -> Handle.parse(label63 + "a.com"))
                .getMessage().contains("label longer than 63"));
        // 4 labels of 63 + 3 dots = 255: too long; trim to exactly 253
        String four = String.join(".", label63, label63, label63, label63);
        assertTrue(assertThrows(SyntaxException.class, () -> Handle.parse(four)).getMessage().contains("253"));
        String exact = four.substring(2);
        assertEquals(253, exact.length());
        assertTrue(Handle.isValid(exact));
    }

    @Test
    void disallowedTldsAreASeparateCheck() {
        for (String tld : Handle.DISALLOWED_TLDS) {
            Handle h = Handle.parse("alice." + tld);
            assertTrue(h.hasDisallowedTld(), tld);
        }
        assertTrue(Handle.parse("Bob.LOCAL").hasDisallowedTld());
        assertFalse(Handle.parse("alice.test").hasDisallowedTld());
        assertFalse(Handle.parse("local.example.com").hasDisallowedTld());
        assertFalse(Handle.parse("alice.localhostx").hasDisallowedTld());
        assertTrue(Handle.INVALID.hasDisallowedTld());
        assertEquals("handle.invalid", Handle.INVALID.toString());
    }

    @Test
    void messagesNameTheRule() {
        assertEquals("Invalid handle: top-level domain must start with a letter",
                assertThrows(SyntaxException.class, () -> Handle.parse("john.0")).getMessage());
        assertEquals("Invalid handle: needs at least two labels",
                assertThrows(SyntaxException.class, () -> Handle.parse("john")).getMessage());
    }
}
