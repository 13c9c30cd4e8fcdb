package dev.pds.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Base58btcTest {

    @Test
    void knownVectors() {
        assertEquals("2NEpo7TZRRrLZSi2U", Base58btc.encode("Hello World!".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("112", Base58btc.encode(new byte[] {0, 0, 1}));
        assertEquals("", Base58btc.encode(new byte[0]));
        assertEquals("1", Base58btc.encode(new byte[1]));
        assertArrayEquals(new byte[] {0, 0, 1}, Base58btc.decode("112"));
        assertArrayEquals("Hello World!".getBytes(StandardCharsets.US_ASCII), Base58btc.decode("2NEpo7TZRRrLZSi2U"));
    }

    @Test
    void randomBytesRoundTrip() {
        Random random = new Random(7);
        for (int i = 0; i < 500; i++) {
            byte[] b = new byte[random.nextInt(70)];
            random.nextBytes(b);
            if (b.length > 2 && i % 3 == 0) {
                b[0] = 0;
                b[1] = 0;
            }
            assertArrayEquals(b, Base58btc.decode(Base58btc.encode(b)));
        }
    }

    @Test
    void invalidCharactersAndOverlongInputAreRefused() {
        for (String bad : new String[] {"0", "O", "I", "l", "+", "abc def", "é"}) {
            assertThrows(CryptoException.class, () -> Base58btc.decode(bad), bad);
        }
        assertThrows(CryptoException.class, () -> Base58btc.decode("2".repeat(Base58btc.MAX_ENCODED_LENGTH + 1)));
    }
}
