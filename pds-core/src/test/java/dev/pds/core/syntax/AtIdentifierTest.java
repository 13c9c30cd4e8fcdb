package dev.pds.core.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AtIdentifierTest {

    @Test
    void readsDidsAndHandles() {
        AtIdentifier did = AtIdentifier.parse("did:plc:abc123");
        assertInstanceOf(Did.class, did);
        assertTrue(did.isDid());
        AtIdentifier handle = AtIdentifier.parse("Alice.Example.COM");
        assertInstanceOf(Handle.class, handle);
        assertFalse(handle.isDid());
        assertEquals("alice.example.com", handle.toString());
    }

    @Test
    void didPrefixMeansDidRulesApply() {
        assertFalse(AtIdentifier.isValid("did:thing.test"));
        assertTrue(assertThrows(SyntaxException.class, () -> AtIdentifier.parse("did:thing"))
                .getMessage().startsWith("Invalid DID"));
    }

    @Test
    void rejectsNeither() {
        for (String s : new String[] {"", "@alice.test", "alice", "alice@example.com", "DID:plc:abc", "john..test"}) {
            assertFalse(AtIdentifier.isValid(s), s);
            assertThrows(SyntaxException.class, () -> AtIdentifier.parse(s), s);
        }
        assertFalse(AtIdentifier.isValid(null));
    }
}
