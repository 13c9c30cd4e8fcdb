package dev.pds.core.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatetimeTest {

    @Test
    void readsTheInstantAndKeepsTheText() {
        Datetime dt = Datetime.parse("1985-04-12T23:20:50.123-07:00");
        assertEquals(Instant.parse("1985-04-13T06:20:50.123Z"), dt.toInstant());
        assertEquals("1985-04-12T23:20:50.123-07:00", dt.toString());
        assertEquals(Instant.parse("1985-04-12T23:20:50Z"), Datetime.parse("1985-04-12T23:20:50Z").toInstant());
        assertEquals(Instant.parse("2000-01-01T00:00:00.123456789Z"),
                Datetime.parse("2000-01-01T00:00:00.123456789012Z").toInstant());
        assertEquals(Instant.parse("1985-04-12T21:35:50.1Z"), Datetime.parse("1985-04-12T23:20:50.1+01:45").toInstant());
    }

    @Test
    void equalityIsOnTheText() {
        Datetime a = Datetime.parse("2020-01-01T00:00:00Z");
        Datetime b = Datetime.parse("2020-01-01T00:00:00.000Z");
        assertEquals(a.toInstant(), b.toInstant());
        assertNotEquals(a, b);
        assertEquals(a, Datetime.parse("2020-01-01T00:00:00Z"));
        assertEquals(a.hashCode(), Datetime.parse("2020-01-01T00:00:00Z").hashCode());
    }

    @Test
    void writesNewValuesInMillisecondUtcForm() {
        assertEquals("2024-02-29T13:14:15.678Z", Datetime.of(Instant.parse("2024-02-29T13:14:15.678912Z")).toString());
        assertEquals("0000-01-01T00:00:00.000Z", Datetime.of(Instant.parse("0000-01-01T00:00:00Z")).toString());
        Clock clock = Clock.fixed(Instant.parse("2026-11-22T03:00:00Z"), ZoneOffset.UTC);
        Datetime now = Datetime.now(clock);
        assertEquals("2026-11-22T03:00:00.000Z", now.toString());
        assertTrue(Datetime.isValid(now.toString()));
        assertThrows(IllegalArgumentException.class, () -> Datetime.of(Instant.parse("+10000-01-01T00:00:00Z")));
        assertThrows(IllegalArgumentException.class, () -> Datetime.of(Instant.parse("-0001-01-01T00:00:00Z")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-02-29T00:00:00Z", "2023-12-31T23:59:59.999999Z", "0000-01-01T00:00:00-01:00",
        "9999-12-31T23:59:59Z", "2000-06-15T12:00:00+23:59"})
    void acceptsValid(String s) {
        assertTrue(Datetime.isValid(s));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2023-02-29T00:00:00Z", "2024-04-31T00:00:00Z", "2024-01-01T24:00:00Z",
        "2024-01-01T00:60:00Z", "2024-01-01T00:00:60Z", "2024-01-01T00:00:00+24:00", "2024-01-01T00:00:00+00:60",
        "2024-01-01T00:00:00-00:00", "9999-12-31T23:00:00-01:00", "0000-01-01T00:30:00+01:00",
        "2024-01-01t00:00:00Z", "2024-01-01T00:00:00z", "2024-01-01T00:00:00", "2024-01-01T00:00:00.Z",
        "2024-01-01 00:00:00Z", "2024-1-01T00:00:00Z", "2024-01-01T00:00Z", "2024-01-01T00:00:00+0000",
        "2024-01-01T00:00:00+00", "+02024-01-01T00:00:00Z", "2024-01-01T00:00:00Z ", "２024-01-01T00:00:00Z"})
    void rejectsInvalid(String s) {
        assertFalse(Datetime.isValid(s));
        assertThrows(SyntaxException.class, () -> Datetime.parse(s));
    }

    @Test
    void wellFormedIsOnlyTheShape() {
        assertTrue(Datetime.isWellFormed("2023-02-30T00:00:00Z"));
        assertFalse(Datetime.isValid("2023-02-30T00:00:00Z"));
        assertFalse(Datetime.isWellFormed("2023-02-30T00:00:00"));
    }

    @Test
    void lengthLimitAndMessages() {
        String longFraction = "2024-01-01T00:00:00." + "1".repeat(43) + "Z"; // 64 chars
        assertEquals(64, longFraction.length());
        assertTrue(Datetime.isValid(longFraction));
        assertTrue(assertThrows(SyntaxException.class,
                () -> Datetime.parse("2024-01-01T00:00:00." + "1".repeat(44) + "Z")).getMessage().contains("64"));
        assertEquals("Invalid datetime: day does not exist in that month",
                assertThrows(SyntaxException.class, () -> Datetime.parse("2023-02-29T00:00:00Z")).getMessage());
        assertEquals("Invalid datetime: time zone is required, as \"Z\" or \"+HH:MM\" / \"-HH:MM\"",
                assertThrows(SyntaxException.class, () -> Datetime.parse("2023-02-28T00:00:00")).getMessage());
    }
}
