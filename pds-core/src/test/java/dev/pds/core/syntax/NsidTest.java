package dev.pds.core.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NsidTest {

    @Test
    void splitsAuthorityAndName() {
        Nsid nsid = Nsid.parse("app.bsky.feed.post");
        assertEquals("app.bsky.feed", nsid.authority());
        assertEquals("feed.bsky.app", nsid.authorityDomain());
        assertEquals("post", nsid.name());
        assertEquals("app.bsky.feed.post", nsid.toString());
        assertEquals(nsid, Nsid.of("app.bsky.feed", "post"));
    }

    @Test
    void keepsCaseButCanNormaliseTheAuthority() {
        Nsid mixed = Nsid.parse("Com.Example.fooBar");
        assertEquals("Com.Example.fooBar", mixed.toString());
        assertNotEquals(Nsid.parse("com.example.fooBar"), mixed);
        assertEquals(Nsid.parse("com.example.fooBar"), mixed.normalized());
        assertEquals("fooBar", mixed.normalized().name());
        Nsid lower = Nsid.parse("com.example.fooBar");
        assertSame(lower, lower.normalized());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.b.c", "com.example.fooBarV2", "cn.8.lex.stuff", "a-0.b-1.c", "com.example.f00"})
    void acceptsValid(String s) {
        assertTrue(Nsid.isValid(s));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a.b", "a.b.", ".a.b.c", "a..b.c", "1a.b.c", "a.b.1c", "a.b.c-d", "a-.b.c",
        "a.b.c_d", "a.b.c*", "a.b.c ", "a.b.ç"})
    void rejectsInvalid(String s) {
        assertFalse(Nsid.isValid(s));
        assertThrows(SyntaxException.class, () -> Nsid.parse(s));
    }

    @Test
    void lengthLimits() {
        assertTrue(Nsid.isValid("com." + "a".repeat(63) + ".foo"));
        assertFalse(Nsid.isValid("com." + "a".repeat(64) + ".foo"));
        assertTrue(Nsid.isValid("com.example." + "a".repeat(63)));
        assertFalse(Nsid.isValid("com.example." + "a".repeat(64)));
        String long317 = "com." + "abcdefghi.".repeat(31) + "abcdefghijkl"; // 4 + 310 + 12 = 326
        assertFalse(Nsid.isValid(long317));
        assertTrue(assertThrows(SyntaxException.class, () -> Nsid.parse(long317)).getMessage().contains("317"));
        String exactly317 = "com." + "abcdefghi.".repeat(30) + "a".repeat(13);
        assertEquals(317, exactly317.length());
        assertTrue(Nsid.isValid(exactly317));
    }

    @Test
    void messagesNameTheRule() {
        assertEquals("Invalid NSID: name must start with a letter",
                assertThrows(SyntaxException.class, () -> Nsid.parse("com.example.2foo")).getMessage());
        assertEquals("Invalid NSID: name may only contain letters and digits",
                assertThrows(SyntaxException.class, () -> Nsid.parse("com.example.foo-bar")).getMessage());
    }
}
