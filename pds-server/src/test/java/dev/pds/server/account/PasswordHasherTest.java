package dev.pds.server.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    final PasswordHasher small = new PasswordHasher(1 << 10);

    @Test
    void aHashVerifiesItsPasswordOnly() {
        String h = small.hash("correct horse");
        assertTrue(h.startsWith("scrypt$1024$8$1$"), h);
        assertTrue(small.verify("correct horse", h));
        assertFalse(small.verify("correct horsE", h));
        assertFalse(small.verify(null, h));
        assertFalse(small.verify("x", "not a hash"));
        assertFalse(small.verify("x", "scrypt$99999999$8$1$AAAA$AAAA"), "a cost beyond the bound is refused, not run");
        assertNotEquals(h, small.hash("correct horse"), "a fresh salt each time");
        // a hasher of another cost still verifies it: the cost is read from the hash
        assertTrue(new PasswordHasher().verify("correct horse", h));
    }

    @Test
    void theSameSaltGivesTheSameHash() {
        byte[] salt = "sixteen byte slt".getBytes(StandardCharsets.US_ASCII);
        assertEquals(small.hash("pw", salt), small.hash("pw", salt));
        assertNotEquals(small.hash("pw", salt), small.hash("pw2", salt));
        assertTrue(small.verify("pw", small.hash("pw", salt)));
    }

    @Test
    void overlongPasswordsAreNeverHashedForVerification() {
        String longer = "p".repeat(PasswordHasher.MAX_PASSWORD_CHARS + 1);
        assertFalse(small.verify(longer, small.hash(longer)));
    }

    @Test
    void theCostIsBounded() {
        assertThrows(IllegalArgumentException.class, () -> new PasswordHasher(512));
        assertThrows(IllegalArgumentException.class, () -> new PasswordHasher(3000));
        assertThrows(IllegalArgumentException.class, () -> new PasswordHasher(1 << 21));
    }
}
