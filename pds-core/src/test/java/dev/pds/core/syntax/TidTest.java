package dev.pds.core.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TidTest {

    // vectors computed independently (Python, big-endian base32-sortable)
    @Test
    void encodesKnownVectors() {
        assertEquals("2222222222222", Tid.of(0, 0).toString());
        assertEquals("2222222222322", Tid.of(1, 0).toString());
        assertEquals("3ke6kg3wk2227", Tid.of(1_700_000_000_000_000L, 5).toString());
        assertEquals("bzzzzzzzzzzzz", Tid.of(Tid.MAX_MICROS, Tid.MAX_CLOCK_ID).toString());
    }

    @Test
    void decodesKnownVector() {
        Tid tid = Tid.parse("3jzfcijpj2z2a");
        assertEquals(1_688_137_381_887_007L, tid.timestampMicros());
        assertEquals(6, tid.clockId());
        assertEquals(Instant.parse("2023-06-30T15:03:01.887007Z"), tid.toInstant());
    }

    @Test
    void roundTripsTimestampAndClockId() {
        Random random = new Random(42);
        for (int i = 0; i < 1000; i++) {
            long micros = random.nextLong() & Tid.MAX_MICROS;
            int clockId = random.nextInt(Tid.MAX_CLOCK_ID + 1);
            Tid tid = Tid.of(micros, clockId);
            Tid back = Tid.parse(tid.toString());
            assertEquals(micros, back.timestampMicros());
            assertEquals(clockId, back.clockId());
            assertEquals(tid, back);
            assertEquals(tid.hashCode(), back.hashCode());
        }
    }

    @Test
    void sortsByTimeThenClockIdLikeItsString() {
        List<Tid> tids = new ArrayList<>();
        Random random = new Random(7);
        for (int i = 0; i < 500; i++) {
            tids.add(Tid.of(random.nextLong() & Tid.MAX_MICROS, random.nextInt(1024)));
        }
        tids.add(Tid.parse("j234567abcdef")); // top bit set in 64 bits: must still sort after the others
        Collections.shuffle(tids, random);
        List<Tid> byValue = new ArrayList<>(tids);
        Collections.sort(byValue);
        List<Tid> byString = new ArrayList<>(tids);
        byString.sort((a, b) -> a.toString().compareTo(b.toString()));
        assertEquals(byString, byValue);
        assertTrue(Tid.of(10, 1023).compareTo(Tid.of(11, 0)) < 0);
        assertTrue(Tid.of(10, 1).compareTo(Tid.of(10, 2)) < 0);
        assertEquals(0, Tid.of(10, 1).compareTo(Tid.parse(Tid.of(10, 1).toString())));
        assertNotEquals(Tid.of(10, 1), Tid.of(10, 2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "222222222222", "22222222222222", "2222222222221", "222222222222A", "k222222222222",
        "z222222222222", "2222-22222222", "222222222222 "})
    void rejectsInvalid(String s) {
        assertFalse(Tid.isValid(s));
        assertThrows(SyntaxException.class, () -> Tid.parse(s));
    }

    @Test
    void firstCharacterRangeFollowsTheSpecSyntax() {
        assertTrue(Tid.isValid("j222222222222"));
        assertFalse(Tid.isValid("k222222222222"));
    }

    @Test
    void rejectsOutOfRangeParts() {
        assertThrows(IllegalArgumentException.class, () -> Tid.of(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> Tid.of(Tid.MAX_MICROS + 1, 0));
        assertThrows(IllegalArgumentException.class, () -> Tid.of(0, 1024));
        assertThrows(IllegalArgumentException.class, () -> Tid.of(0, -1));
    }
}
